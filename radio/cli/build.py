"""`radio build` and `radio say`: make the month's programme, or hear one sentence."""

from __future__ import annotations

from pathlib import Path

import click

from radio.cli import settings_from
from radio.cli.params import MONTH
from radio.core.errors import ExitCode, exit_codes_help
from radio.core.month import Month
from radio.pipeline.build import BuildResult, build_month
from radio.pipeline.facts import clock
from radio.speech.registry import MODES

ENGINE_OPTION = click.option("--engine", type=click.Choice(MODES), default=None,
                             help="Speech engine (default: [speech].engine in schedule.toml).")
VOICE_OPTION = click.option("--voice", default=None, metavar="NAME",
                            help="Piper voice (`radio voices list`; default: [speech].voice, "
                                 "else the best installed Vietnamese voice).")


BUILD_EXITS = exit_codes_help(ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.SETTINGS,
                              ExitCode.DATABASE, ExitCode.FILES, ExitCode.INTERRUPTED)


@click.command(epilog=BUILD_EXITS)
@click.argument("month", type=MONTH)
@ENGINE_OPTION
@VOICE_OPTION
@click.option("--strict", is_flag=True,
              help="Refuse text that speaks of another year as the present (default: a warning).")
@click.option("--force", is_flag=True,
              help="Build even when every input is as the last build recorded.")
@click.pass_context
def build(ctx: click.Context, month: Month, engine: str | None, voice: str | None,
          strict: bool, force: bool) -> None:
    """Build MONTH's programme (YYYY-MM) into episodes/MONTH/: episode.mp3, script.md, build.json."""
    settings = settings_from(ctx)

    def on_segment(done: int, total: int) -> None:
        click.echo(f"\r  spoken {done}/{total}", nl=done == total, err=True)

    result = build_month(month, settings, mode=engine, voice=voice, on_segment=on_segment,
                         strict=strict, force=force,
                         say=lambda message: click.echo(f"• {message}", err=True))
    click.echo(summary(result, settings.program.window_s, settings.audio.target_lufs))


def summary(result: BuildResult, window_s: tuple[float, float], target_lufs: float) -> str:
    facts = result.facts
    if facts is None:
        return "\n".join([f"Unchanged: {result.folder}/episode.mp3 is already built from these "
                          "inputs (script, speech, jingles, settings, voice); nothing was redone",
                          *(f"  WARNING   {warning}" for warning in result.warnings)])
    engines = ", ".join(f"{name} {count}" for name, count in sorted(facts.engines.items()))
    lines = [
        f"Built {facts.title}",
        f"  duration  {clock(facts.duration_s)} (window {clock(window_s[0])}–{clock(window_s[1])}, "
        f"predicted {clock(facts.predicted_s)})",
        f"  loudness  {facts.loudness_lufs:.1f} LUFS (target {target_lufs:.1f}), "
        f"true peak {facts.true_peak_dbtp:.1f} dBTP",
        f"  topics    {', '.join(str(t) for t in facts.topics)}",
        f"  voice     {facts.voice}",
        f"  speech    {engines} segments ({result.cached_segments} from the cache)",
    ]
    lines += [f"  note      {why}" for why in result.fallbacks]
    lines += [f"  WARNING   {warning}" for warning in result.warnings]
    lines.append(f"  files     {result.folder}/episode.mp3, script.md, build.json")
    return "\n".join(lines)


@click.command()
@click.argument("text")
@ENGINE_OPTION
@VOICE_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("say.wav"),
              show_default=True, help="Where to write the audio (.wav or .mp3).")
@click.pass_context
def say(ctx: click.Context, text: str, engine: str | None, voice: str | None,
        output: Path) -> None:
    """Speak TEXT through the reading normaliser and an engine, to hear how it is read."""
    from radio.core import ffmpeg
    from radio.core.atomic import ensure_writable_dir, staging
    from radio.reading import Normalizer
    from radio.speech.speaker import Speaker

    settings = settings_from(ctx)
    ensure_writable_dir(output.parent)
    click.echo(Normalizer(settings.reading).read(text))
    speaker = Speaker(settings.speech, settings.reading, settings.audio.sample_rate, engine,
                      voice=voice)
    spoken = speaker.speak_text(text)
    audio = spoken.audio.set_channels(1).set_sample_width(2)  # as pcm_input reads it; no-op here
    with staging() as staged:
        # the staged name ends in .tmp: the format comes from the output's suffix
        ffmpeg.run(["-y", *ffmpeg.pcm_input(audio.frame_rate),
                    "-f", output.suffix.lstrip(".") or "wav", str(staged.path_for(output))],
                   feed=audio.raw_data, what=f"writing {output}")
    click.echo(f"{speaker.voice_of(spoken.engine)}: {len(audio) / 1000:.1f} s → {output}", err=True)


COMMANDS: list[click.Command] = [build, say]
