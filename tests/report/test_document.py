"""Writing a report: every file or none, never through a symbolic link, errors naming out_dir."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import coinnovation as co
from coinnovation.errors import CoinnovationError, InvalidInputError
from coinnovation.report import analyze, write_report
from coinnovation.report.document import Report, ReportWriteError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def full() -> Report:
    return analyze(co.load_model(EXAMPLES / "two_party.toml"))


@pytest.fixture(scope="module")
def report() -> Report:
    """A small report with two figures (quick to write)."""
    from matplotlib.figure import Figure

    rep = Report("small")
    rep.p("text")
    for name in ("a", "b"):
        fig = Figure(figsize=(2, 1.5), layout="constrained")
        fig.add_subplot().plot([0, 1], [1, 0])
        rep.figure(name, fig, f"figure {name}")
    return rep


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_list_returned_is_what_was_written(tmp_path: Path, full: Report) -> None:
    written = write_report(full, tmp_path / "out", ["md", "json", "tex"],
                           figure_formats=["png", "svg", "pdf"])
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == sorted(
        _files(tmp_path / "out"))
    assert [p.name for p in written][-3:] == ["report.md", "report.json", "report.tex"]
    png = (tmp_path / "out" / "figures" / "phase_portrait.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    # 300 dpi: the pHYs chunk holds pixels per metre (300 / 0.0254 = 11811)
    assert png[png.index(b"pHYs") + 4:png.index(b"pHYs") + 8] == (11811).to_bytes(4, "big")
    assert (tmp_path / "out" / "figures" / "phase_portrait.pdf").read_bytes().startswith(b"%PDF")
    tex = (tmp_path / "out" / "report.tex").read_text(encoding="utf-8")
    assert r"\usepackage{amsmath,booktabs,graphicx}" in tex
    assert r"\includegraphics[width=0.8\linewidth]{figures/phase_portrait.pdf}" in tex
    assert "Interval" not in tex and r"\end{document}" in tex
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_an_existing_report_is_replaced_other_files_kept(tmp_path: Path, report: Report) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_report(report, out, ["md"])
    assert (out / "report.md").read_text(encoding="utf-8") == report.to_markdown()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_symbolic_link_is_replaced_never_followed(tmp_path: Path, report: Report) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / "report.md")
    write_report(report, out, ["md"])
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / "report.md").is_symlink()
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("case", ["file", "link-to-file", "folder-in-the-way", "figures-file"])
def test_nothing_is_written_when_the_target_is_wrong(tmp_path: Path, report: Report,
                                                     case: str) -> None:
    target = tmp_path / "out"
    if case == "file":
        target.write_text("x", encoding="utf-8")
    elif case == "link-to-file":
        (tmp_path / "f").write_text("x", encoding="utf-8")
        os.symlink(tmp_path / "f", target)
    elif case == "folder-in-the-way":
        (target / "report.json").mkdir(parents=True)
    else:
        target.mkdir()
        (target / "figures").write_text("x", encoding="utf-8")
    before = {p: p.read_bytes() if p.is_file() else None for p in tmp_path.rglob("*")}
    with pytest.raises(ReportWriteError, match=r"^out_dir: ") as exc:
        write_report(report, target)
    assert "--" not in str(exc.value)  # the library names its argument, the CLI its flag
    assert isinstance(exc.value, CoinnovationError)
    assert {p: p.read_bytes() if p.is_file() else None for p in tmp_path.rglob("*")} == before


def test_an_empty_folder_name_is_an_error(tmp_path: Path, report: Report,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InvalidInputError, match=r"^out_dir: expected a folder name"):
        write_report(report, "")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_nothing_behind(tmp_path: Path, report: Report,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.write_bytes
    calls = []

    def full(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) > 3:  # some figures written, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(ReportWriteError, match=r"^out_dir: cannot write the report") as exc:
        write_report(report, tmp_path / "out")
    assert "No space left on device" in str(exc.value) and len(calls) == 4
    assert list(tmp_path.iterdir()) == []


def test_unknown_formats_name_the_argument(tmp_path: Path, report: Report) -> None:
    with pytest.raises(InvalidInputError, match=r"^formats: expected some of md, html, json, tex"):
        write_report(report, tmp_path / "o", ["pdf"])
    with pytest.raises(InvalidInputError, match=r"^figure_formats: "):
        write_report(report, tmp_path / "o", ["md"], figure_formats=["jpg"])
    assert not (tmp_path / "o").exists()
