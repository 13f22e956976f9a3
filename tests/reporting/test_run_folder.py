"""Run ids, the hidden temp folder, atomic publish and the `latest` file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from journey_utils.reporting.run_folder import (
    discard_run,
    new_run_id,
    publish_run,
    published_runs,
    read_latest,
    reserve_run_folder,
    write_latest,
    write_text_atomic,
)

NOW = datetime(2025, 6, 1, 8, 30, 5, tzinfo=UTC)


def test_run_id_is_utc_timestamp_and_name() -> None:
    assert new_run_id("smoke", NOW) == "20250601-083005-smoke"
    beijing = NOW.astimezone(timezone(timedelta(hours=8)))
    assert new_run_id("smoke", beijing) == "20250601-083005-smoke"


def test_two_runs_in_the_same_second_get_different_ids(tmp_path: Path) -> None:
    first, tmp1 = reserve_run_folder(tmp_path, "smoke", NOW)
    second, tmp2 = reserve_run_folder(tmp_path, "smoke", NOW)
    assert first == "20250601-083005-smoke"
    assert second == "20250601-083005-smoke-2"
    assert tmp1 == tmp_path / f".tmp-{first}" and tmp1.is_dir()
    assert tmp2 == tmp_path / f".tmp-{second}" and tmp2.is_dir()


def test_a_published_id_is_not_reused(tmp_path: Path) -> None:
    (tmp_path / "20250601-083005-smoke").mkdir()
    run_id, _ = reserve_run_folder(tmp_path, "smoke", NOW)
    assert run_id == "20250601-083005-smoke-2"


def test_publish_renames_the_temp_folder(tmp_path: Path) -> None:
    run_id, tmp = reserve_run_folder(tmp_path, "smoke", NOW)
    (tmp / "index.html").write_text("x", encoding="utf-8")
    final = publish_run(tmp, tmp_path, run_id)
    assert final == tmp_path / run_id
    assert (final / "index.html").read_text(encoding="utf-8") == "x"
    assert not tmp.exists()


def test_publish_refuses_to_overwrite(tmp_path: Path) -> None:
    run_id, tmp = reserve_run_folder(tmp_path, "smoke", NOW)
    (tmp_path / run_id).mkdir()
    (tmp_path / run_id / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FileExistsError):
        publish_run(tmp, tmp_path, run_id)


def test_discard_removes_the_temp_folder(tmp_path: Path) -> None:
    _, tmp = reserve_run_folder(tmp_path, "smoke", NOW)
    (tmp / "half.html").write_text("x", encoding="utf-8")
    discard_run(tmp)
    assert list(tmp_path.iterdir()) == []


def test_latest_is_a_plain_text_file(tmp_path: Path) -> None:
    assert read_latest(tmp_path) is None
    write_latest(tmp_path, "20250601-083005-smoke")
    write_latest(tmp_path, "20250601-090000-smoke")
    latest = tmp_path / "latest"
    assert latest.is_file() and not latest.is_symlink()
    assert read_latest(tmp_path) == "20250601-090000-smoke"
    assert [p.name for p in tmp_path.iterdir()] == ["latest"]  # no partial files left


def test_write_text_atomic_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "index.html"
    write_text_atomic(target, "old")
    write_text_atomic(target, "新的")
    assert target.read_text(encoding="utf-8") == "新的"
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]


def test_published_runs_skip_temp_and_foreign_folders(tmp_path: Path) -> None:
    for name in ("20250601-083005-a", ".tmp-20250601-083006-b", "notes"):
        (tmp_path / name).mkdir()
    (tmp_path / "20250601-083005-a" / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".tmp-20250601-083006-b" / "manifest.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in published_runs(tmp_path)] == ["20250601-083005-a"]
    assert published_runs(tmp_path / "absent") == []
