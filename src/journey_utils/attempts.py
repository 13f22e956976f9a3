"""Run one analysis step of a report and keep going when it refuses bad input: the refusal is
shown as a one-line note where its table or chart would have been."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from IPython.display import Markdown

from journey_utils.errors import JourneyError
from journey_utils.i18n import text
from journey_utils.plotting import md_escape

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """The result of one step, or why it was refused (never both)."""

    what: str
    value: T | None = None
    message: str | None = None
    lang: str = "en"
    _noted: list[bool] = field(default_factory=list, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.message is None

    def note(self) -> Markdown:
        """The refusal as a short note a manager can read (what and message through `md_escape`:
        an error may quote a file's column names or values, which must not become markup)."""
        what, message = md_escape(self.what), md_escape(self.message)
        return Markdown(text("refusal_note", self.lang, what=what, message=message))

    def show(self, render: Callable[[T], Any]) -> Any:
        """`render(value)` when the step succeeded; else the refusal note the first time and
        nothing after, so a refused model is explained once, not under every chart."""
        if self.ok:
            return render(self.value)
        if self._noted:
            return None
        self._noted.append(True)
        return self.note()

    def then(self, what: str, step: Callable[[T], Any]) -> Attempt[Any]:
        """A dependent step: refused, with the root cause, when this one was refused."""
        if not self.ok:
            message = text("refusal_needs", self.lang, what=self.what, message=self.message)
            return Attempt(what, message=message, lang=self.lang)
        return attempt_in(self.lang)(what, step, self.value)


def attempt(what: str, step: Callable[..., T], *args: Any, **kwargs: Any) -> Attempt[T]:
    """Call `step`; a JourneyError (bad input, a refused model) becomes a refusal with its
    one-line message. Other exceptions are bugs and propagate."""
    return attempt_in("en")(what, step, *args, **kwargs)


def attempt_in(lang: str) -> Callable[..., Attempt[Any]]:
    """`attempt` whose refusal notes read in `lang` ("en" or "zh"): `attempt_in(lang)(what,
    step, *args, **kwargs)`; dependent steps (`then`) keep the language."""

    def run(what: str, step: Callable[..., T], *args: Any, **kwargs: Any) -> Attempt[T]:
        try:
            return Attempt(what, value=step(*args, **kwargs), lang=lang)
        except JourneyError as err:
            return Attempt(what, message=str(err), lang=lang)

    return run
