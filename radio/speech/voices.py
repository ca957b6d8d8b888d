"""Piper voices on disk: list, install (download, checked), import (a USB stick), remove.

Layout: one folder per voice in the voices folder (`[speech].voices`, default `.radio/voices/`):

    NAME/NAME.onnx  NAME/NAME.onnx.json  NAME/MODEL_CARD (when published)  NAME/radio-voice.json

`radio-voice.json` holds what radio adds: licence, source, the model's sha256 (the cache identity,
without hashing 60 MB at every build) and the pace calibrated on install. A voice is assembled in
`.partial/NAME/` and renamed into place in one step, so a cut or a kill never leaves half a voice
where builds look; an unfinished download stays in `.partial/` and the next install resumes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from radio.content.pace import Pace
from radio.core.atomic import write_text_atomic
from radio.core.errors import RadioError
from radio.core.hashing import file_sha256
from radio.core.i18n import DEFAULT_LANGUAGE, N_, Text, translate
from radio.core.progress import (
    SILENT,
    Calibrating,
    Copying,
    Downloading,
    PaceMeasured,
    Reporter,
    Resuming,
)
from radio.core.resume import append_answer, held_bytes, range_header
from radio.core.retry import Backoff, Exhausted, retry

META = "radio-voice.json"
PARTIAL = ".partial"
_NAME = re.compile(r"^(?P<family>[a-z]{2,3})_(?P<region>[A-Z]{2})-(?P<dataset>[^-/]+)-(?P<quality>[a-z_]+)$")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class KnownVoice:
    """A Vietnamese voice of the Piper voices repository, with what we know of its licence."""

    name: str
    licence: str
    commercial: bool | None  # may a public broadcaster air it? None: nobody published the terms
    note: str


KNOWN_VOICES = (  # licences and notes are catalog messages: `radio voices list` translates them
    KnownVoice("vi_VN-vais1000-medium", N_("CC BY 4.0 (dataset VAIS-1000)"), True,
               N_("recommended: one Northern female speaker, 22.05 kHz, 63 MB")),
    KnownVoice("vi_VN-25hours_single-low", N_("unknown: the dataset's licence is not published"), None,
               N_("16 kHz; check the dataset's terms before airing it")),
    KnownVoice("vi_VN-vivos-x_low", N_("CC BY-NC-SA 4.0 (dataset VIVOS): non-commercial only"), False,
               N_("16 kHz, 65 speakers; installing it needs --accept-licence")),
)
RECOMMENDED = KNOWN_VOICES[0].name
_KNOWN = {voice.name: voice for voice in KNOWN_VOICES}

# (model, config) → (pace at speed 1.0, mean fit error in %): the calibration, injected so that
# listing and removing voices never load ONNX Runtime
Calibrate = Callable[[Path, Path], tuple[Pace, float]]


@dataclass(frozen=True)
class InstalledVoice:
    name: str
    folder: Path
    language: str        # e.g. vi_VN
    quality: str
    sample_rate: int
    espeak_voice: str    # the phonemiser's language inside Piper
    size_bytes: int
    licence: str
    model_sha256: str
    pace: Pace           # calibrated at speed 1.0
    fit_error_pct: float

    @property
    def model(self) -> Path:
        return self.folder / f"{self.name}.onnx"

    @property
    def config(self) -> Path:
        return self.folder / f"{self.name}.onnx.json"

    @property
    def vietnamese(self) -> bool:
        return self.language.lower().startswith("vi")


# ---------------------------------------------------------------------------------------- reading

def installed_voices(folder: Path) -> list[InstalledVoice]:
    """Complete voices in `folder`, by name; an unreadable one is skipped (`find_voice` says why)."""
    voices = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_dir() and not path.name.startswith("."):
            try:
                voices.append(_read(path))
            except RadioError:
                continue
    return voices


def find_voice(folder: Path, name: str) -> InstalledVoice:
    path = folder / name
    if not path.is_dir():
        have = ", ".join(v.name for v in installed_voices(folder)) or "none"
        raise RadioError(N_("{folder}: no voice {name!r} installed (installed: {have}); run `radio voices "
                            "install {name}` or `radio voices import FILE.onnx`"), folder=str(folder), name=name,
                         have=have)
    return _read(path)


def best_vietnamese(folder: Path) -> InstalledVoice | None:
    """The voice `auto` speaks with: the recommended one when installed, else the first Vietnamese."""
    voices = [v for v in installed_voices(folder) if v.vietnamese]
    return next((v for v in voices if v.name == RECOMMENDED), voices[0] if voices else None)


def _read(folder: Path) -> InstalledVoice:
    name = folder.name
    meta_path = folder / META
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        config = _config(folder / f"{name}.onnx.json")
        pace = Pace(**meta["pace"])
        return InstalledVoice(
            name=name, folder=folder, language=_language(config, name),
            quality=str(config.get("audio", {}).get("quality") or _quality(name)),
            sample_rate=int(config["audio"]["sample_rate"]), espeak_voice=config["espeak"]["voice"],
            size_bytes=(folder / f"{name}.onnx").stat().st_size, licence=meta["licence"],
            model_sha256=meta["model_sha256"], pace=pace,
            fit_error_pct=float(meta.get("fit_error_pct", 0.0)))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise RadioError(N_("{folder}: the voice is damaged ({problem}); run `radio voices remove {name}` and "
                            "install or import it again"), folder=str(folder), problem=str(err), name=name) from None


def _config(path: Path) -> dict[str, Any]:
    """A Piper voice config, checked for what synthesis needs; RadioError naming the file."""
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RadioError(N_("{file}: missing; a Piper voice is NAME.onnx with NAME.onnx.json beside it"),
                         file=str(path)) from None
    except (OSError, ValueError) as err:
        raise RadioError(N_("{file}: not a readable Piper voice config ({problem})"), file=str(path),
                         problem=str(err)) from None
    try:
        ok = (isinstance(config["phoneme_id_map"], dict) and config["phoneme_id_map"]
              and int(config["audio"]["sample_rate"]) > 0 and isinstance(config["espeak"]["voice"], str)
              and int(config["num_speakers"]) >= 1)
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise RadioError(N_("{file}: not a Piper voice config (it needs phoneme_id_map, audio.sample_rate, "
                            "espeak.voice and num_speakers)"), file=str(path))
    return config


def _language(config: Mapping[str, Any], name: str) -> str:
    code = config.get("language", {}).get("code") if isinstance(config.get("language"), dict) else None
    if code:
        return str(code)
    match = _NAME.match(name)
    return f"{match['family']}_{match['region']}" if match else str(config["espeak"]["voice"])


def _quality(name: str) -> str:
    match = _NAME.match(name)
    return match["quality"] if match else "?"


def licence_of(name: str, model_card: Path | None) -> str:
    """The known licence, else the model card's "License:" line, else say it is unknown."""
    if name in _KNOWN:
        return _KNOWN[name].licence
    if model_card is not None and model_card.is_file():
        found = re.search(r"(?im)^\W*licen[cs]e:\s*(.+)$", model_card.read_text("utf-8", "replace"))
        if found:
            return f"{found[1].strip()} (from its MODEL_CARD)"
    return "unknown (no MODEL_CARD came with it): check before airing"


# ------------------------------------------------------------------------------ install and import

@dataclass(frozen=True)
class PublishedFile:
    path: str          # inside the repository, e.g. vi/vi_VN/vais1000/medium/vi_VN-vais1000-medium.onnx
    size_bytes: int
    digests: Mapping[str, str]  # hashlib name → hex digest, as voices.json publishes them

    @property
    def basename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def published_files(catalogue: Mapping[str, Any], name: str) -> list[PublishedFile]:
    """The voice's .onnx, .onnx.json and MODEL_CARD from the repository's voices.json."""
    entry = catalogue.get(name) or next(
        (e for e in catalogue.values() if isinstance(e, dict) and name in e.get("aliases", ())), None)
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
        known = sorted(k for k in catalogue if k.startswith("vi_"))
        if known:
            raise RadioError(N_("voices.json has no voice {name!r}; Vietnamese voices there: {voices}"),
                             name=name, voices=", ".join(known))
        raise RadioError(N_("voices.json has no voice {name!r}"), name=name)
    files = []
    for path, info in entry["files"].items():
        base = path.rsplit("/", 1)[-1]
        if base not in (f"{name}.onnx", f"{name}.onnx.json", "MODEL_CARD"):
            continue  # samples and others are not needed to speak
        digests = {algo: info[key] for algo, key in (("md5", "md5_digest"), ("sha256", "sha256_digest"))
                   if isinstance(info.get(key), str)}
        if not isinstance(info.get("size_bytes"), int) or not digests:
            raise RadioError(N_("voices.json: {file} has no size or digest to check the download by"),
                             file=path)
        files.append(PublishedFile(path, info["size_bytes"], digests))
    if {f.basename for f in files} < {f"{name}.onnx", f"{name}.onnx.json"}:
        raise RadioError(N_("voices.json: {name} lists no .onnx and .onnx.json"), name=name)
    return files


class Downloader:
    """Resumable, checked downloads over HTTP (requests; the base URL is a setting)."""

    def __init__(self, base_url: str, timeout_s: float, retries: int = 2,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        import requests  # only install needs the network stack

        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.retries = retries  # a cut download is resumed this many more times in the same run
        self._sleep = sleep
        self._session = requests.Session()

    def json(self, path: str) -> Any:
        import requests

        url = f"{self.base_url}/{path}"
        try:
            response = self._session.get(url, timeout=self.timeout_s)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as err:
            raise RadioError(N_("{url}: cannot read the voice list ({problem}); check the connection or "
                                "[speech].voices_url"), url=url, problem=str(err)) from None

    def fetch(self, item: PublishedFile, target: Path, report: Reporter = SILENT) -> None:
        """Download to `target`, resuming what a previous run (or a cut attempt) left; check size
        and digests."""
        try:
            retry(lambda: self._fetch_once(item, target, report), errors=(_Cut,), retries=self.retries,
                  backoff=Backoff(base_s=1.0, cap_s=10.0), sleep=self._sleep)
        except Exhausted as gave_up:
            raise gave_up.error from None
        check_file(target, item)

    def _fetch_once(self, item: PublishedFile, target: Path, report: Reporter) -> None:
        import requests

        url = f"{self.base_url}/{item.path}"
        size = item.size_bytes
        have = held_bytes(target, size)
        if have < size:
            if have:
                report.emit(Resuming(item.basename, have, size))
            try:
                with self._session.get(url, headers=range_header(have), stream=True,
                                       timeout=self.timeout_s) as response:
                    if response.status_code not in (200, 206):
                        raise RadioError(N_("{url}: HTTP {status}; check the voice name and [speech].voices_url"),
                                         url=url, status=response.status_code)
                    # Appended only when the answer continues the file exactly (radio.core.resume).
                    done = append_answer(target, have, size, response.status_code,
                                         response.headers.get("Content-Range"),
                                         response.iter_content(_CHUNK), url)
            except requests.RequestException as err:
                got = target.stat().st_size if target.exists() else 0
                raise _Cut(N_("{url}: the download stopped at {got:,} of {size:,} bytes ({problem}); run the "
                              "install again to resume"), url=url, got=got, size=size,
                           problem=type(err).__name__) from None
            if done.discarded:
                raise RadioError(N_("{file}: more bytes where voices.json says {size:,}; the download was "
                                    "discarded — check [speech].voices_url"), file=item.path, size=size)
            if done.problem:
                raise RadioError(N_("{file}: {problem}; run the install again to resume"), file=item.path,
                                 problem=done.problem)


class _Cut(RadioError):
    """The connection broke mid-download: worth resuming at once."""


def check_file(path: Path, item: PublishedFile) -> None:
    """Size and every published digest; a mismatch discards the file (it cannot be resumed)."""
    size = path.stat().st_size
    problem: Text | None = None
    if size != item.size_bytes:
        problem = Text.of(N_("{size:,} bytes where voices.json says {expected:,}"), size=size,
                          expected=item.size_bytes)
    else:
        for algo, expected in item.digests.items():
            with path.open("rb") as handle:
                actual = hashlib.file_digest(handle, algo).hexdigest()
            if actual != expected.lower():
                problem = Text.of(N_("{algo} {actual} where voices.json says {expected}"), algo=algo,
                                  actual=actual, expected=expected)
                break
    if problem:
        path.unlink()
        raise RadioError(N_("{file}: {problem}; the download was discarded — run the install again, and if it "
                            "repeats the mirror is damaged or not the one you meant"), file=item.path, problem=problem)


def install_voice(name: str, folder: Path, downloader: Downloader, calibrate: Calibrate, *,
                  accept_licence: bool = False, report: Reporter = SILENT) -> InstalledVoice:
    """Download NAME from the voices repository, check it, calibrate it, put it in place at once."""
    known = _KNOWN.get(name)
    if known is not None and known.commercial is False and not accept_licence:
        raise RadioError(N_("{name}: licence {licence}; a public programme may not be allowed to air it — pass "
                            "--accept-licence if your use is non-commercial"), name=name, licence=known.licence)
    _refuse_existing(folder, name)
    files = published_files(downloader.json("voices.json"), name)
    partial = folder / PARTIAL / name
    partial.mkdir(parents=True, exist_ok=True)
    for item in files:
        report.emit(Downloading(item.basename, item.size_bytes))
        downloader.fetch(item, partial / item.basename, report)
    source = f"{downloader.base_url}/{files[0].path.rsplit('/', 1)[0]}"
    return _finish(name, partial, folder, calibrate, source, report)


def import_voice(model: Path, folder: Path, calibrate: Calibrate, *,
                 report: Reporter = SILENT) -> InstalledVoice:
    """A voice brought on a USB stick: FILE.onnx with FILE.onnx.json beside it (checked)."""
    if model.suffix != ".onnx" or not model.is_file():
        raise RadioError(N_("{file}: not an .onnx file; give the voice's NAME.onnx (with NAME.onnx.json beside "
                            "it)"), file=str(model))
    name = model.name[:-len(".onnx")]
    config = model.with_name(model.name + ".json")
    _config(config)
    _refuse_existing(folder, name)
    (folder / PARTIAL).mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{name}.import.", dir=folder / PARTIAL))
    try:
        report.emit(Copying(model.name, model.stat().st_size))
        shutil.copyfile(model, partial / model.name)
        shutil.copyfile(config, partial / config.name)
        card = model.with_name("MODEL_CARD")
        if card.is_file():
            shutil.copyfile(card, partial / "MODEL_CARD")
        return _finish(name, partial, folder, calibrate, f"imported from {model}", report)
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # gone when renamed; the leftovers of a failure


def remove_voice(folder: Path, name: str) -> None:
    """Renamed out of the way first, so a build never sees half a voice being deleted."""
    path = folder / name
    if not path.is_dir() or name.startswith("."):
        raise RadioError(N_("{folder}: no voice {name!r} installed; `radio voices list` shows them"),
                         folder=str(folder), name=name)
    (folder / PARTIAL).mkdir(parents=True, exist_ok=True)
    doomed = Path(tempfile.mkdtemp(prefix=f"{name}.removed.", dir=folder / PARTIAL))
    os.replace(path, doomed / name)
    shutil.rmtree(doomed, ignore_errors=True)


def _refuse_existing(folder: Path, name: str) -> None:
    if not _NAME.match(name) and not re.fullmatch(r"[\w.-]+", name):
        raise RadioError(N_("{name!r} is not a voice name like vi_VN-vais1000-medium"), name=name)
    if (folder / name).exists():
        raise RadioError(N_("{folder}: already installed; `radio voices remove {name}` first to replace it"),
                         folder=str(folder / name), name=name)


def _finish(name: str, partial: Path, folder: Path, calibrate: Calibrate, source: str,
            report: Reporter) -> InstalledVoice:
    model, config = partial / f"{name}.onnx", partial / f"{name}.onnx.json"
    _config(config)
    report.emit(Calibrating())
    pace, error = calibrate(model, config)
    report.emit(PaceMeasured(pace.syllables_per_s, pace.comma_pause_s, pace.sentence_pause_s, error))
    card = partial / "MODEL_CARD"
    meta = {"name": name, "licence": licence_of(name, card if card.is_file() else None),
            "source": source, "model_sha256": file_sha256(model),
            "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "pace": {"syllables_per_s": pace.syllables_per_s, "comma_pause_s": pace.comma_pause_s,
                     "sentence_pause_s": pace.sentence_pause_s},
            "fit_error_pct": round(error, 2)}
    write_text_atomic(partial / META, json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    _fsync_dir(partial)
    os.rename(partial, folder / name)  # the one step that makes the voice exist
    _fsync_dir(folder)
    return _read(folder / name)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe(voices: list[InstalledVoice], language: str = DEFAULT_LANGUAGE) -> Iterator[str]:
    """`radio voices list`: installed voices, then the known Vietnamese ones not installed."""
    def t(message: str, **params: object) -> str:
        return translate(language, message, params)

    yield t(N_("Installed voices:")) if voices else t(N_("No voice installed."))
    for v in voices:
        yield (f"  {v.name:28} {v.language:6} {v.quality:7} {v.sample_rate / 1000:g} kHz "
               f"{v.size_bytes / 1e6:5.1f} MB  "
               + t(N_("{rate:.2f} syllables/s"), rate=v.pace.syllables_per_s) + f"  {v.licence}")
    missing = [k for k in KNOWN_VOICES if k.name not in {v.name for v in voices}]
    if missing:
        yield t(N_("Vietnamese voices to install (`radio voices install NAME`):"))
        for k in missing:
            yield f"  {k.name:28} " + t(N_("licence: {licence}; {note}"), licence=t(k.licence),
                                         note=t(k.note))
