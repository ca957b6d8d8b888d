"""`radio build` and `radio say`: make the month's programme, or hear one sentence."""

from __future__ import annotations

from pathlib import Path

import click

from radio.cli import _, language, settings_from
from radio.cli.params import MONTH
from radio.cli.progress import ConsoleReporter
from radio.core.errors import ExitCode, exit_codes_help
from radio.core.i18n import N_, number
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
    result = build_month(month, settings, mode=engine, voice=voice, strict=strict, force=force,
                         report=ConsoleReporter())
    click.echo(summary(result, settings.program.window_s, settings.audio.target_lufs))


def summary(result: BuildResult, window_s: tuple[float, float], target_lufs: float) -> str:
    facts = result.facts
    warnings = [_(N_("  WARNING: {warning}"), warning=warning) for warning in result.warnings]
    if facts is None:
        return "\n".join([_(N_("Unchanged: {folder}/episode.mp3 is already built from these inputs "
                               "(script, speech, jingles, settings, voice); nothing was redone"),
                            folder=result.folder), *warnings])
    engines = ", ".join(f"{name} {count}" for name, count in sorted(facts.engines.items()))
    lang = language()
    lines = [
        _(N_("Built {title}"), title=facts.title),
        _(N_("  duration: {length} (window {low}–{high}, predicted {predicted})"),
          length=clock(facts.duration_s), low=clock(window_s[0]), high=clock(window_s[1]),
          predicted=clock(facts.predicted_s)),
        _(N_("  loudness: {lufs} LUFS (target {target}), true peak {peak} dBTP"),
          lufs=number(facts.loudness_lufs, 1, lang), target=number(target_lufs, 1, lang),
          peak=number(facts.true_peak_dbtp, 1, lang)),
        _(N_("  topics: {topics}"), topics=", ".join(str(t) for t in facts.topics)),
        _(N_("  voice: {voice}"), voice=facts.voice),
        _(N_("  speech: {engines} segments ({cached} from the cache)"), engines=engines,
          cached=result.cached_segments),
    ]
    lines += [_(N_("  note: {why}"), why=why) for why in result.fallbacks]
    lines += warnings
    lines.append(_(N_("  files: {folder}/episode.mp3, script.md, build.json"), folder=result.folder))
    lines += [_(N_("  {unit}: {file} ({length}; stations {stations})"), unit=v.unit_name, file=v.file,
                length=clock(v.duration_s), stations=", ".join(v.stations)) for v in facts.variants]
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
    click.echo(_(N_("{voice}: {seconds:.1f} s → {output}"), voice=speaker.voice_of(spoken.engine),
                 seconds=len(audio) / 1000, output=output), err=True)


COMMANDS: list[click.Command] = [build, say]
