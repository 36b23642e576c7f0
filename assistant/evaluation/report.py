"""`python -m assistant eval --report DIR`: a Markdown report with PNG charts (matplotlib),
comparing BM25-only, dense-only and hybrid retrieval on the same questions, split by language."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from assistant.evaluation.stats import percentile

GROUPS = ("all", "zh", "en")
ROWS = ("recall@1", "recall@3", "recall@5", "mrr", "cited_evidence", "citation_validity", "refusal_accuracy",
        "false_refusal_rate", "invented_numbers")


def write_report(folder: Path, results: list[dict[str, Any]], questions: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    modes = [r["mode"] for r in results]
    groups = [g for g in GROUPS if all(g in r for r in results)]

    fig, axes = plt.subplots(1, len(groups), figsize=(5 * len(groups), 4), sharey=True)
    for ax, group in zip(axes if len(groups) > 1 else [axes], groups, strict=True):
        for result in results:
            ax.plot(range(1, 11), result[group]["recall_curve"], marker="o", label=result["mode"])
        ax.set_title(f"recall@k ({group})")
        ax.set_xlabel("k")
        ax.set_ylim(0, 1.05)
        ax.grid(alpha=0.3)
    (axes[0] if len(groups) > 1 else axes).set_ylabel("recall")
    (axes[0] if len(groups) > 1 else axes).legend()
    fig.tight_layout()
    fig.savefig(folder / "recall_at_k.png", dpi=110)
    plt.close(fig)

    metrics = ["mrr", "cited_evidence", "citation_validity", "refusal_accuracy", "false_refusal_rate"]
    fig, axes = plt.subplots(1, len(groups), figsize=(5 * len(groups), 4), sharey=True)
    width = 0.8 / len(results)
    for ax, group in zip(axes if len(groups) > 1 else [axes], groups, strict=True):
        for i, result in enumerate(results):
            ax.bar([m + i * width for m in range(len(metrics))], [result[group][k] for k in metrics], width,
                   label=result["mode"])
        ax.set_xticks([m + width * (len(results) - 1) / 2 for m in range(len(metrics))])
        ax.set_xticklabels(metrics, rotation=30, ha="right", fontsize=8)
        ax.set_title(group)
        ax.set_ylim(0, 1.05)
    (axes[0] if len(groups) > 1 else axes).legend()
    fig.tight_layout()
    fig.savefig(folder / "answer_quality.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    for result in results:
        ax.hist(result["all"]["latencies_ms"], bins=30, alpha=0.5, label=result["mode"])
    ax.set_xlabel("answer latency (ms)")
    ax.set_ylabel("questions")
    ax.legend()
    fig.tight_layout()
    fig.savefig(folder / "latency_histogram.png", dpi=110)
    plt.close(fig)

    lines = [
        "# Evaluation report",
        "",
        f"Questions: `{questions}`; generated {time.strftime('%Y-%m-%d %H:%M')}; modes: {', '.join(modes)}.",
        "",
    ]
    for group in groups:
        counts = results[0][group]
        lines += [f"## {group} ({counts['answerable']} answerable, {counts['unanswerable']} unanswerable)", "",
                  "| metric | " + " | ".join(modes) + " |", "| --- |" + " --- |" * len(modes)]
        for row in ROWS:
            lines.append(f"| {row} | " + " | ".join(str(r[group][row]) for r in results) + " |")
        lat = [r[group]["latencies_ms"] for r in results]
        lines.append("| latency p50 / p95 ms | " + " | ".join(
            f"{percentile(x, 50)} / {percentile(x, 95)}" if x else "-" for x in lat) + " |")
        lines.append("")
    lines += ["![recall@k](recall_at_k.png)", "", "![answer quality](answer_quality.png)", "",
              "![latency](latency_histogram.png)", ""]
    for result in results:
        if result["failures"]:
            lines += [f"Misses ({result['mode']}): " + "; ".join(result["failures"]), ""]
    path = folder / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
