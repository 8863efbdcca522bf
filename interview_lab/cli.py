"""Entry point: `interview-lab` starts the TUI; sub-commands do the rest headless.

Each sub-command lives in `interview_lab.commands.<name>` and exposes
`register(subparsers, common)`, which adds its parser with `common` as a parent
and sets `func` to a callable taking the parsed arguments and returning the
exit code. Heavy imports happen inside those callables, so `--help` is quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from interview_lab import __version__

COMMAND_MODULES = ("check", "sim", "stats", "config", "interop")


def common_options() -> argparse.ArgumentParser:
    """Options every command accepts (deck locations, progress folder).

    After parsing, `args.content` is a list of folders and `args.data_dir` a
    path or None, whichever side of the command name they were given on.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS,
        help="add a user deck folder beside the built-in deck (repeatable; also $INTERVIEW_LAB_CONTENT)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where progress is stored (default: the user data folder; also $INTERVIEW_LAB_DATA_DIR)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="interview-lab",
        description="Learn machine learning and prepare for interviews in the terminal. "
        "Without a command, starts the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"interview-lab {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"interview_lab.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"interview_lab.commands.{name}":
                raise
            continue
        module.register(subparsers, common)
    return parser


def run_app(args: argparse.Namespace) -> int:
    from interview_lab.tui.app import run

    return run(args)


def command_parser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser | None:
    """The parser of sub-command `command`, None if there is no such command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return None


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """parse_args, except that a sub-command's unrecognized arguments are a one-line error naming it.

    argparse reports them from the top-level parser, with its usage, which
    says nothing of the command that was given.
    """
    args, extras = parser.parse_known_args(argv)
    if extras:
        message = f"unrecognized arguments: {' '.join(extras)}"
        command = command_parser(parser, getattr(args, "command", None))
        if command is None:
            parser.error(message)
        command.exit(2, f"{command.prog}: error: {message} (see --help)\n")
    return args


def data_dir_problem(option: str | None) -> str | None:
    """Why the progress folder (--data-dir, $INTERVIEW_LAB_DATA_DIR or the default) cannot be used, if it cannot."""
    from interview_lab import paths

    folder = paths.data_dir(option)
    if folder.exists() and not folder.is_dir():
        return f"the data folder {folder} is a file; give a folder with --data-dir or ${paths.DATA_DIR_ENV}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parse_arguments(parser, argv)
    # SUPPRESS above lets the option stand before or after the command name.
    args.content = getattr(args, "content", None) or []
    args.data_dir = getattr(args, "data_dir", None)
    problem = data_dir_problem(args.data_dir)
    if problem:
        print(f"interview-lab: error: {problem}", file=sys.stderr)
        return 2
    func = getattr(args, "func", None)
    try:
        return int(func(args) if func else run_app(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
