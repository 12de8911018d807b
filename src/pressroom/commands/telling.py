"""What a narrating run says of each work it made: its files, what `--verify` heard, how its checks went."""

from __future__ import annotations

from typing import TextIO

from pressroom.audio.narrate import MadeAudio
from pressroom.audio.supply import Verification
from pressroom.commands.options import EXIT_SOME_FAILED
from pressroom.commands.progress import NarrationBars
from pressroom.commands.report import print_report
from pressroom.layout import REPORT_NAME
from pressroom.text.wording import counted, hours


def describe_audio(made: MadeAudio) -> str:
    untimed = (
        f"; {made.untimed} of them made before the voice's word times were kept, so their words are not timed "
        "(only their sentences)"
        if made.untimed
        else ""
    )
    if made.unchanged:
        return (
            f"{counted(len(made.mp3s), 'MP3 file')}, {made.m4b.name}, {made.playlist.name} "
            f"({hours(made.duration_s)} of narration; 0 clips made, {made.cached} from the cache{untimed}; "
            "unchanged: the files stand as they were made from them, so none was made or checked again)"
        )
    return (
        f"{counted(len(made.mp3s), 'MP3 file')}, {made.m4b.name}, {made.playlist.name} "
        f"({hours(made.duration_s)} of narration; {counted(made.synthesized, 'clip')} made, "
        f"{made.cached} from the cache{untimed})"
    )


def tell_verification(
    heard: Verification | None, slug: str, out: TextIO, err: TextIO, quiet: bool, bars: NarrationBars
) -> None:
    """What `--verify` heard: a line of figures, and a warning naming each clip still heard wrong."""
    if heard is None:
        return
    if not quiet:
        bars.say(verification_line(heard), out)
    for label, verdict in heard.failing:
        bars.say(
            f"publish: warning: {slug}: {label} is still heard wrong after {counted(verdict.tried, 'take')} "
            f"(heard “{verdict.heard}”); publish check --listen shows it with a player",
            err,
        )


def verification_line(heard: Verification) -> str:
    """What `--verify` did, in figures: the clips proved and heard, the words heard wrong, the takes made again."""
    earlier = heard.heard - heard.heard_now
    figures = (
        f"{heard.word_error_rate:.2%} of {heard.words:,} words heard wrong; {counted(heard.remade, 'clip')} made "
        f"again; {len(heard.failing)} still heard wrong"
    )
    if not heard.proved:
        before = f", {earlier} heard in an earlier run" if earlier else ""
        return f"listened to {counted(heard.heard, 'clip')}{before}: {figures}"
    before = f", {earlier} in an earlier run" if earlier else ""
    whole = heard.heard - heard.proved
    unproved = f", {heard.unproved} with a sentence it could not vouch for" if heard.unproved else ""
    return (
        f"verified {counted(heard.heard, 'clip')}{before}: {heard.proved} by their sound (every phoneme voiced, at "
        f"a speaking pace, no stall{unproved}), {counted(heard.sentences_heard, 'sentence')} of them heard (words "
        f"the voice guessed, and a sample){f', {whole} heard whole' if whole else ''}; {figures}{_names_line(heard)}"
    )


def _names_line(heard: Verification) -> str:
    """What the listener made of the words the voice guessed, and the readings it learnt for the desk."""
    if not heard.names:
        return ""
    right = sum(1 for name in heard.names if name.right)
    learnt = sum(1 for name in heard.names if name.proposed)
    told = f"; {right} of {counted(len(heard.names), 'word')} the voice guessed heard as printed"
    return told + (f", a nearer reading learnt for {learnt} (see publish proof)" if learnt else "")


def tell_check(made: MadeAudio, out: TextIO, err: TextIO, quiet: bool, bars: NarrationBars) -> int:
    """The audio checks on what a run just made: a line when all pass, the failures when not."""
    result = made.check
    if result is None:
        return 0
    if result.ok:
        if not quiet:
            bars.say(f"checked {made.folder}: every audio file passes ({len(result.files)} files)", out)
        return 0
    print_report(result, err, made.folder)
    print(f"publish: error: {made.folder}: the audio fails its checks (see {made.folder / REPORT_NAME})", file=err)
    return EXIT_SOME_FAILED
