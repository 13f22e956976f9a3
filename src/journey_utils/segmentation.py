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

from journey_utils.config import RunParams
from journey_utils.errors import InputError
from journey_utils.plotting import PALETTE, new_figure
from journey_utils.segment_features import (
    build_encoder,
    derive_features,
    dropped_features,
    feature_audit,
    require_source_columns,
)

N_INIT = 10
"""Seeded k-means starts; the one with the lowest inertia is kept."""

DIAGNOSTIC_N_INIT = 3
"""Seeded starts per k in the diagnostics and stability refits (curves, not the final fit)."""

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

    def encode(self, client_360: pd.DataFrame) -> np.ndarray:
        """The encoded feature matrix of clients, as the model saw its training clients."""
        return self.encoder.transform(derive_features(client_360))

    def predict(self, client_360: pd.DataFrame) -> pd.Series:
        """Segment number of each client (rows of a client 360 frame), without refitting."""
        labels = self.kmeans.predict(self.encode(client_360))
        return pd.Series(self.segment_of_label[labels], index=client_360.index, name="segment")


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

    def dropped(self) -> pd.DataFrame:
        """Features left out of the clustering and why."""
        return dropped_features(self.audit)


def _distinct_rows(matrix: np.ndarray, seed: int) -> int:
    """Number of distinct rows, via a random projection (distinct rows project apart)."""
    direction = np.random.default_rng(seed).normal(size=matrix.shape[1])
    return int(np.unique(np.round(matrix @ direction, 9)).size)


def check_k(k: int, n_clients: int, n_distinct: int, min_cell_size: int) -> None:
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


def fit_segments(
    client_360: pd.DataFrame,
    k: int = 10,
    seed: int = 0,
    min_cell_size: int = 10,
) -> SegmentResult:
    """Segment the clients of a client 360 frame into `k` groups (seeded, reproducible) and name
    them from their profiles."""
    from journey_utils.segment_profiles import name_segments, segment_traits

    require_source_columns(client_360)
    if "client_id" not in client_360.columns:
        raise InputError("client_360", "no client_id column", column="client_id")
    features = derive_features(client_360)
    audit = feature_audit(features)
    encoder = build_encoder(audit)
    encoded = encoder.fit_transform(features)
    check_k(k, len(client_360), _distinct_rows(encoded, seed), min_cell_size)
    kmeans = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit(encoded)
    numbers = _segment_numbers(kmeans.labels_, k)
    model = SegmentModel(encoder=encoder, kmeans=kmeans, segment_of_label=numbers)
    segments = pd.DataFrame(
        {
            "client_id": client_360["client_id"].to_numpy(),
            "segment": numbers[kmeans.labels_],
        }
    )
    result = SegmentResult(model, segments, audit, encoded, seed, min_cell_size)
    traits = segment_traits(client_360, result)
    model.names, model.names_zh = name_segments(traits)
    return result


def segment_clients(client_360: pd.DataFrame, params: RunParams) -> SegmentResult:
    """`fit_segments` with the run's k (`n_segments`), seed and minimum cell size."""
    return fit_segments(
        client_360, k=params.n_segments, seed=params.seed, min_cell_size=params.min_cell_size
    )


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
    rows = []
    for k in ks:
        if k < 2 or k > limit:
            continue
        km = KMeans(n_clusters=k, n_init=DIAGNOSTIC_N_INIT, random_state=result.seed).fit(x)
        gmm = GaussianMixture(k, covariance_type="diag", random_state=result.seed).fit(x)
        rows.append(
            {
                "k": k,
                "inertia_per_client": km.inertia_ / len(x),
                "silhouette": silhouette_score(x[sil_rows], km.labels_[sil_rows]),
                "calinski_harabasz": calinski_harabasz_score(x, km.labels_),
                "bic": gmm.bic(x),
                "chosen": k == result.k,
            }
        )
    return pd.DataFrame(rows)


def plot_k_diagnostics(table: pd.DataFrame, lang: str = "en") -> Figure:
    """Three panels across k: the elbow of inertia, the silhouette and the BIC; the chosen k
    marked."""
    fig = new_figure(11.0, 3.6)[0]
    fig.clf()
    axes = fig.subplots(1, 3)
    zh = lang == "zh"
    panels = (
        ("inertia_per_client", "簇内离差（肘部）" if zh else "Inertia per client (elbow)"),
        ("silhouette", "轮廓系数（越高越好）" if zh else "Silhouette (higher is better)"),
        ("bic", "BIC（高斯混合，越低越好）" if zh else "BIC, Gaussian mixture (lower is better)"),
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


def k_diagnostics_reading(table: pd.DataFrame) -> str:
    """What the diagnostics say about the chosen k, for a manager."""
    if table.empty:
        return "Too few clients to compare numbers of segments."
    best_sil = table.loc[table["silhouette"].idxmax()]
    best_bic = table.loc[table["bic"].idxmin()]
    best_ch = table.loc[table["calinski_harabasz"].idxmax()]
    chosen = table[table["chosen"]]
    if chosen.empty:
        return (
            f"The silhouette is highest at k = {int(best_sil.k)} ({best_sil.silhouette:.2f}); "
            f"the BIC is lowest at k = {int(best_bic.k)}."
        )
    row = chosen.iloc[0]
    k = int(row.k)
    inertia = table.set_index("k")["inertia_per_client"]
    parts = [
        f"The run uses k = {k} segments. Their silhouette is {row.silhouette:.2f} "
        f"(the highest across k = {int(table.k.min())}–{int(table.k.max())} is "
        f"{best_sil.silhouette:.2f}, at k = {int(best_sil.k)})."
    ]
    if k - 1 in inertia.index and k + 1 in inertia.index:
        before = 1 - inertia[k] / inertia[k - 1]
        after = 1 - inertia[k + 1] / inertia[k]
        parts.append(
            f"Going from {k - 1} to {k} segments cuts the within-segment spread by "
            f"{before:.0%}; one more segment (to {k + 1}) would cut it by only {after:.0%}."
            if after < before
            else f"Going from {k - 1} to {k} segments cuts the within-segment spread by "
            f"{before:.0%}, and one more segment would still cut it by {after:.0%}."
        )
    edge = (int(table.k.min()), int(table.k.max()))
    bic = (
        f"keeps falling up to k = {edge[1]}, so it names no best k here"
        if int(best_bic.k) == edge[1]
        else f"is lowest at k = {int(best_bic.k)}"
    )
    parts.append(
        f"The Gaussian-mixture BIC {bic}; the Calinski–Harabasz score is highest at "
        f"k = {int(best_ch.k)}"
        + (" (it favours few segments)." if int(best_ch.k) == edge[0] else ".")
    )
    return " ".join(parts)


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
    rows = []
    for b in range(n_resamples):
        rows_b = np.sort(rng.choice(base, size=max(int(fraction * len(base)), 2), replace=False))
        km = KMeans(n_clusters=result.k, n_init=DIAGNOSTIC_N_INIT, random_state=result.seed + 1 + b)
        refit = km.fit_predict(result.encoded[rows_b])
        rows.append(
            {
                "resample": b + 1,
                "clients": len(rows_b),
                "adjusted_rand_index": adjusted_rand_score(result.labels[rows_b], refit),
            }
        )
    return pd.DataFrame(rows)


def plot_stability(table: pd.DataFrame, lang: str = "en") -> Axes:
    """The adjusted Rand index of each resample against the full fit, with the median and the
    stability threshold."""
    _, ax = new_figure(8.0, 2.6)
    ari = table["adjusted_rand_index"]
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, len(ari))
    ax.scatter(ari, jitter, color=PALETTE[0], s=40, zorder=3)
    ax.axvline(ari.median(), color=PALETTE[0], linewidth=2, label="median")
    ax.axvline(STABLE_ARI, color=PALETTE[4], linestyle="--", linewidth=1, label="stable from")
    ax.set_xlim(min(0.5, float(ari.min()) - 0.05), 1.0)
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    zh = lang == "zh"
    ax.set_xlabel(
        "调整兰德指数（与全量拟合相比）" if zh else "Adjusted Rand index against the full fit"
    )
    ax.set_title("分群稳定性（重抽样）" if zh else "Segment stability across resamples")
    ax.legend(loc="upper left", fontsize=9)
    return ax


def stability_reading(table: pd.DataFrame) -> str:
    """Median and range of the resample agreement, and whether the segments count as stable."""
    if table.empty:
        return "No resamples were drawn."
    ari = table["adjusted_rand_index"]
    verdict = (
        "stable: refitting on other clients gives essentially the same groups"
        if ari.median() >= STABLE_ARI
        else "only moderately stable: some groups shift when the clients change"
        if ari.median() >= 0.65
        else "unstable: treat the segment boundaries with caution"
    )
    return (
        f"Across {len(table)} refits on {table['clients'].iloc[0]:,} clients each, the "
        f"agreement with the full segmentation (adjusted Rand index) has median "
        f"{ari.median():.2f}, ranging {ari.min():.2f}–{ari.max():.2f}. The segments are "
        f"{verdict} (threshold {STABLE_ARI})."
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


def segments_saved_reading(path: Path, result: SegmentResult) -> str:
    """Where the segment table and model were written, for the notebooks that reuse them."""
    return (
        f"The segment of each of the {len(result.segments):,} clients is saved as "
        f"`{path.name}` (client_id, segment, names) with the fitted model "
        f"(`{MODEL_FILE}`) beside it in the run's processed folder: the risk, case-study and "
        "funnel notebooks read the same segments, and `predict_segments` places a new client "
        "without refitting."
    )
