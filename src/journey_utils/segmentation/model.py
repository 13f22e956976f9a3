"""Client segmentation: k-means on the encoded client 360, the diagnostics that justify k, its
stability under resampling, and the saved segment table and model that later notebooks reuse.

Method: k-means (Lloyd, `N_INIT` seeded starts, best inertia kept) on the robust-scaled numeric
features and weighted one-hot categoricals of `segment_features`. It scales linearly in clients
(500,000 in seconds to a minute), assigns a new client by nearest centre without refitting, and
on the default portfolio recovers the planted archetypes better than a diagonal Gaussian mixture
on the same space. Segments are numbered 1..k from the largest; the same seed gives the same
segments.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, silhouette_score
from sklearn.mixture import GaussianMixture

from journey_utils.errors import InputError
from journey_utils.i18n import check_lang
from journey_utils.params.run import RunParams
from journey_utils.plotting import PALETTE, new_figure
from journey_utils.segmentation.features import (
    derive_features,
    dropped_features,
)
from journey_utils.segmentation.messages import MESSAGES

N_INIT = 10
"""Seeded k-means starts; the one with the lowest inertia is kept."""

DIAGNOSTIC_N_INIT = 3
"""Seeded starts per k in the diagnostics and stability refits (curves, not the final fit)."""

DIAGNOSTIC_THREADS = min(4, os.cpu_count() or 1)
"""Values of k fitted at once in `k_diagnostics_table` (threads: the fits release the GIL)."""

SEGMENTS_FILE = "segments.parquet"
MODEL_FILE = "segment_model.joblib"

DIAGNOSTIC_KS: tuple[int, ...] = tuple(range(4, 17))
"""k values compared by the diagnostics."""

DIAGNOSTIC_SAMPLE = 10_000
"""Clients (a seeded sample) on which the diagnostics fit each k: enough for stable curves,
small enough for 13 fits at bank scale."""

SILHOUETTE_SAMPLE = 5_000
"""Clients on which the silhouette (quadratic in clients) is computed."""

STABILITY_SAMPLE = 50_000
"""Clients from which the stability resamples are drawn."""

STABLE_ARI = 0.8
"""Median adjusted Rand index at or above which segments count as stable (a common rule of
thumb: 0.65-0.8 moderately stable, below 0.65 unstable)."""


@dataclass
class SegmentModel:
    """A fitted segmentation: encoder, k-means centres, the map from k-means labels to segment
    numbers (1 = largest) and the segment names. `predict` assigns new clients."""

    encoder: ColumnTransformer
    kmeans: KMeans
    segment_of_label: np.ndarray
    names: dict[int, str] = field(default_factory=dict)
    names_zh: dict[int, str] = field(default_factory=dict)

    @property
    def k(self) -> int:
        return int(self.kmeans.n_clusters)

    def names_in(self, lang: str = "en") -> dict[int, str]:
        """The segment names in the report language (the model keeps both, fitted once)."""
        return {"en": self.names, "zh": self.names_zh}[check_lang(lang)]

    def encode(self, client_360: pd.DataFrame) -> np.ndarray:
        """The encoded feature matrix of clients, as the model saw its training clients."""
        return self.encoder.transform(derive_features(client_360))

    def predict(self, client_360: pd.DataFrame) -> pd.Series:
        """Segment number of each client (rows of a client 360 frame), without refitting."""
        labels = self.kmeans.predict(self.encode(client_360))
        return pd.Series(self.segment_of_label[labels], index=client_360.index, name="segment")

    @property
    def coefficients(self) -> pd.DataFrame:
        """The k-means centres: one row per segment (1 = largest), one column per encoded
        feature, in the encoded (scaled and weighted) space the clients were clustered in."""
        centres = pd.DataFrame(
            self.kmeans.cluster_centers_,
            index=pd.Index(self.segment_of_label, name="segment"),
            columns=self.encoder.get_feature_names_out(),
        )
        return centres.sort_index()


@dataclass
class SegmentResult:
    """Segments of one client 360 frame: the model, each client's segment, the feature audit and
    the encoded matrix (kept for diagnostics and stability)."""

    model: SegmentModel
    segments: pd.DataFrame
    """client_id, segment (1..k)."""
    audit: pd.DataFrame
    encoded: np.ndarray
    seed: int
    min_cell_size: int

    @property
    def k(self) -> int:
        return self.model.k

    @property
    def labels(self) -> np.ndarray:
        """Segment number of each client, in the row order of the fitted frame."""
        return self.segments["segment"].to_numpy()

    @property
    def coefficients(self) -> pd.DataFrame:
        """The k-means centres of the segments (see `SegmentModel.coefficients`)."""
        return self.model.coefficients

    def predict(self, client_360: pd.DataFrame) -> pd.Series:
        """Segment number of each client of a client 360 frame, without refitting."""
        return self.model.predict(client_360)

    @property
    def exclusions(self) -> pd.DataFrame:
        """Features left out of the clustering and why (empty when all are used)."""
        return dropped_features(self.audit)


def _distinct_rows(matrix: np.ndarray, seed: int) -> int:
    """Number of distinct rows, via a random projection (distinct rows project apart)."""
    direction = np.random.default_rng(seed).normal(size=matrix.shape[1])
    return int(np.unique(np.round(matrix @ direction, 9)).size)


def check_k(k: int, n_clients: int, n_distinct: int, *, min_cell_size: int) -> None:
    """Stop with one line when the data cannot support `k` segments."""
    if k < 2:
        raise InputError("params", f"n_segments={k}: at least 2 segments are needed")
    if k > n_distinct:
        raise InputError(
            "client_360",
            f"n_segments={k} is more than the {n_distinct} distinct client profiles in the data",
        )
    if k * min_cell_size > n_clients:
        raise InputError(
            "client_360",
            f"n_segments={k} needs at least {k * min_cell_size} clients ({k} x min_cell_size "
            f"{min_cell_size}); the data has {n_clients}",
        )


def _segment_numbers(labels: np.ndarray, k: int) -> np.ndarray:
    """Map k-means label -> segment number, 1 for the largest cluster (ties by label)."""
    sizes = np.bincount(labels, minlength=k)
    order = np.lexsort((np.arange(k), -sizes))
    numbers = np.empty(k, dtype=np.int64)
    numbers[order] = np.arange(1, k + 1)
    return numbers


def _sample(n: int, size: int, seed: int) -> np.ndarray:
    """Sorted row positions of a seeded sample of at most `size` of `n` rows."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


# ---------------------------------------------------------------- diagnostics across k


def k_diagnostics_table(
    result: SegmentResult,
    ks: tuple[int, ...] = DIAGNOSTIC_KS,
    sample_size: int = DIAGNOSTIC_SAMPLE,
    silhouette_size: int = SILHOUETTE_SAMPLE,
) -> pd.DataFrame:
    """Per k: inertia per client (elbow), silhouette, Calinski–Harabasz and the BIC of a
    diagonal Gaussian mixture, all on one seeded sample of the encoded clients."""
    x = result.encoded[_sample(len(result.encoded), sample_size, result.seed)]
    sil_rows = _sample(len(x), silhouette_size, result.seed + 1)
    limit = len(x) // max(result.min_cell_size, 1)

    def one(k: int) -> dict[str, object]:
        km = KMeans(n_clusters=k, n_init=DIAGNOSTIC_N_INIT, random_state=result.seed).fit(x)
        gmm = GaussianMixture(k, covariance_type="diag", random_state=result.seed).fit(x)
        return {
            "k": k,
            "inertia_per_client": km.inertia_ / len(x),
            "silhouette": silhouette_score(x[sil_rows], km.labels_[sil_rows]),
            "calinski_harabasz": calinski_harabasz_score(x, km.labels_),
            "bic": gmm.bic(x),
            "chosen": k == result.k,
        }

    wanted = [k for k in ks if 2 <= k <= limit]
    # each k is fitted on its own (seeded, so the same in any order); scikit-learn and NumPy
    # release the GIL, so threads use a core that another notebook leaves free
    with ThreadPoolExecutor(max_workers=DIAGNOSTIC_THREADS) as pool:
        rows = list(pool.map(one, wanted))
    return pd.DataFrame(rows)


def plot_k_diagnostics(table: pd.DataFrame, lang: str = "en") -> Figure:
    """Three panels across k: the elbow of inertia, the silhouette and the BIC; the chosen k
    marked."""
    fig = new_figure(11.0, 3.6)[0]
    fig.clf()
    axes = fig.subplots(1, 3)
    panels = (
        ("inertia_per_client", MESSAGES("k_panel_inertia", lang)),
        ("silhouette", MESSAGES("k_panel_silhouette", lang)),
        ("bic", MESSAGES("k_panel_bic", lang)),
    )
    chosen = table.loc[table["chosen"], "k"]
    for ax, (col, title) in zip(axes, panels, strict=True):
        ax.plot(table["k"], table[col], marker="o", color=PALETTE[0])
        for k in chosen:
            ax.axvline(k, color=PALETTE[1], linestyle="--", linewidth=1)
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("k")
        ax.set_xticks(table["k"])
        ax.tick_params(axis="x", labelsize=8)
    if len(chosen):
        axes[0].annotate(
            f"k = {int(chosen.iloc[0])}",
            (int(chosen.iloc[0]), table["inertia_per_client"].max()),
            xytext=(4, 0),
            textcoords="offset points",
            color=PALETTE[1],
            fontsize=9,
            va="top",
        )
    fig.tight_layout()
    return fig


def k_diagnostics_reading(table: pd.DataFrame, lang: str = "en") -> str:
    """What the diagnostics say about the chosen k, for a manager."""
    if table.empty:
        return MESSAGES("k_empty", lang)
    best_sil = table.loc[table["silhouette"].idxmax()]
    best_bic = table.loc[table["bic"].idxmin()]
    best_ch = table.loc[table["calinski_harabasz"].idxmax()]
    chosen = table[table["chosen"]]
    if chosen.empty:
        return MESSAGES(
            "k_no_chosen",
            lang,
            sil_k=int(best_sil.k),
            sil=f"{best_sil.silhouette:.2f}",
            bic_k=int(best_bic.k),
        )
    row = chosen.iloc[0]
    k = int(row.k)
    edge = (int(table.k.min()), int(table.k.max()))
    inertia = table.set_index("k")["inertia_per_client"]
    parts = [
        MESSAGES(
            "k_chosen",
            lang,
            k=k,
            sil=f"{row.silhouette:.2f}",
            k_min=edge[0],
            k_max=edge[1],
            best_sil=f"{best_sil.silhouette:.2f}",
            sil_k=int(best_sil.k),
        )
    ]
    if k - 1 in inertia.index and k + 1 in inertia.index:
        before = 1 - inertia[k] / inertia[k - 1]
        after = 1 - inertia[k + 1] / inertia[k]
        parts.append(
            MESSAGES(
                "k_elbow" if after < before else "k_no_elbow",
                lang,
                k_prev=k - 1,
                k=k,
                k_next=k + 1,
                before=f"{before:.0%}",
                after=f"{after:.0%}",
            )
        )
    bic = (
        MESSAGES("k_bic_edge", lang, k_max=edge[1])
        if int(best_bic.k) == edge[1]
        else MESSAGES("k_bic_at", lang, bic_k=int(best_bic.k))
    )
    few = MESSAGES("k_few", lang) if int(best_ch.k) == edge[0] else ""
    parts.append(MESSAGES("k_bic", lang, bic=bic, ch_k=int(best_ch.k), few=few))
    return MESSAGES("sentence_sep", lang).join(parts)


# ---------------------------------------------------------------- stability


def stability_table(
    result: SegmentResult,
    n_resamples: int = 10,
    fraction: float = 0.8,
    sample_size: int = STABILITY_SAMPLE,
) -> pd.DataFrame:
    """Refit k-means on `n_resamples` random `fraction` subsamples (seeded) and compare each with
    the full fit on the clients it holds: adjusted Rand index (1 = identical segments)."""
    if not 0 < fraction <= 1:
        raise InputError("stability", f"fraction={fraction} must be in (0, 1]")
    base = _sample(len(result.encoded), sample_size, result.seed + 2)
    rng = np.random.default_rng(result.seed + 3)
    size = max(int(fraction * len(base)), 2)
    draws = [np.sort(rng.choice(base, size=size, replace=False)) for _ in range(n_resamples)]

    def one(b: int) -> dict[str, object]:
        rows_b = draws[b]
        km = KMeans(n_clusters=result.k, n_init=DIAGNOSTIC_N_INIT, random_state=result.seed + 1 + b)
        refit = km.fit_predict(result.encoded[rows_b])
        return {
            "resample": b + 1,
            "clients": len(rows_b),
            "adjusted_rand_index": adjusted_rand_score(result.labels[rows_b], refit),
        }

    with ThreadPoolExecutor(max_workers=DIAGNOSTIC_THREADS) as pool:  # draws made in order first
        return pd.DataFrame(list(pool.map(one, range(n_resamples))))


def plot_stability(table: pd.DataFrame, lang: str = "en") -> Axes:
    """The adjusted Rand index of each resample against the full fit, with the median and the
    stability threshold."""
    _, ax = new_figure(8.0, 2.6)
    ari = table["adjusted_rand_index"]
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, len(ari))
    ax.scatter(ari, jitter, color=PALETTE[0], s=40, zorder=3)
    ax.axvline(
        ari.median(), color=PALETTE[0], linewidth=2, label=MESSAGES("stability_median", lang)
    )
    stable = MESSAGES("stability_threshold", lang)
    ax.axvline(STABLE_ARI, color=PALETTE[4], linestyle="--", linewidth=1, label=stable)
    ax.set_xlim(min(0.5, float(ari.min()) - 0.05), 1.0)
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    ax.set_xlabel(MESSAGES("stability_axis", lang))
    ax.set_title(MESSAGES("stability_title", lang))
    ax.legend(loc="upper left", fontsize=9)
    return ax


def stability_reading(table: pd.DataFrame, lang: str = "en") -> str:
    """Median and range of the resample agreement, and whether the segments count as stable."""
    if table.empty:
        return MESSAGES("stability_empty", lang)
    ari = table["adjusted_rand_index"]
    verdict = (
        "stable"
        if ari.median() >= STABLE_ARI
        else "moderate"
        if ari.median() >= 0.65
        else "unstable"
    )
    return MESSAGES(
        "stability_reading",
        lang,
        n=len(table),
        clients=f"{table['clients'].iloc[0]:,}",
        median=f"{ari.median():.2f}",
        low=f"{ari.min():.2f}",
        high=f"{ari.max():.2f}",
        verdict=MESSAGES(f"stability_verdict.{verdict}", lang),
        threshold=STABLE_ARI,
    )


# ---------------------------------------------------------------- persistence and prediction


def save_segments(params: RunParams, result: SegmentResult) -> Path:
    """Write processed/segments.parquet (client_id, segment, segment_name, segment_name_zh) and
    the fitted model beside it, so later notebooks use the same segments."""
    folder = params.processed_dir
    folder.mkdir(parents=True, exist_ok=True)
    table = assigned_segments(result.model, result.segments)
    path = folder / SEGMENTS_FILE
    table.to_parquet(path, index=False)
    joblib.dump(result.model, folder / MODEL_FILE, compress=3)
    return path


def assigned_segments(model: SegmentModel, segments: pd.DataFrame) -> pd.DataFrame:
    """client_id and segment with the segment's names."""
    out = segments[["client_id", "segment"]].copy()
    out["segment_name"] = out["segment"].map(model.names).astype("str")
    out["segment_name_zh"] = out["segment"].map(model.names_zh).astype("str")
    return out


def load_segments(params: RunParams) -> pd.DataFrame:
    """The saved segment table of the run (written by notebook 04)."""
    path = params.processed_dir / SEGMENTS_FILE
    if not path.is_file():
        raise InputError(path, "no segment table: run notebook 04_segmentation first")
    return pd.read_parquet(path)


def named_segments(segments: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Saved segments with `segment_name` in the report language (the Chinese name for "zh"
    where the segmentation saved one), so every table and chart names segments alike."""
    if lang == "zh" and "segment_name_zh" in segments.columns:  # names saved by the model
        return segments.assign(segment_name=segments["segment_name_zh"])
    return segments


def load_segment_model(params: RunParams) -> SegmentModel:
    """The saved segmentation model of the run, to assign new clients without refitting."""
    path = params.processed_dir / MODEL_FILE
    if not path.is_file():
        raise InputError(path, "no segment model: run notebook 04_segmentation first")
    return joblib.load(path)


def predict_segments(model: SegmentModel, client_360: pd.DataFrame) -> pd.DataFrame:
    """Assign clients (rows of a client 360 frame) to the model's segments: client_id, segment,
    segment names."""
    segments = pd.DataFrame(
        {
            "client_id": client_360["client_id"].to_numpy()
            if "client_id" in client_360.columns
            else np.arange(len(client_360)),
            "segment": model.predict(client_360).to_numpy(),
        }
    )
    return assigned_segments(model, segments)


def segments_saved_reading(path: Path, result: SegmentResult, lang: str = "en") -> str:
    """Where the segment table and model were written, for the notebooks that reuse them."""
    n = f"{len(result.segments):,}"
    return MESSAGES("segments_saved", lang, n=n, file=path.name, model=MODEL_FILE)
