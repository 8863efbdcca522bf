"""Failure-mode and concept drills: diagnose or predict, see the runs, and the outcome is recorded."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from interview_lab.tui.screens.drills import drill_screen
from interview_lab.tui.screens.lab import LabScreen
from .conftest import CONCEPT, FAILURE, REORDER
from .helpers import choose, option_index, screen_lines, settle

SIZE = (140, 50)


def feedback(screen) -> str:
    return str(screen.query_one("#drill-feedback", Static).render())


async def test_failure_drill_right_diagnosis_then_fix_and_rerun(app, progress):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        # The broken run is drawn first, its divergence visible before any answer.
        assert "SGD with too large a step" in screen.query_one("#plot-a-loss").plain
        assert not screen.query_one("#remedies", OptionList).display
        await choose(pilot, screen.query_one("#causes", OptionList), FAILURE.causes, correct=True)
        assert screen.query_one("#remedies", OptionList).display
        await choose(pilot, screen.query_one("#remedies", OptionList), FAILURE.remedies, correct=True)
        assert "Cause: right" in feedback(screen) and "Remedy: right" in feedback(screen)
        assert "stable only for lr < 2 / L" in screen.query_one("#drill-explanation").source
        assert progress.drill_summary("adam") == (1, 1)
        await pilot.press("f")
        await settle(pilot)
        text = feedback(screen)
        assert "big: diverged at step" in text and "small: final loss" in text
        assert "SGD with a safe step" in screen.query_one("#plot-b-loss").plain


async def test_failure_drill_wrong_answers_show_the_right_ones_and_count_as_wrong(app, progress):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        await choose(pilot, screen.query_one("#causes", OptionList), FAILURE.causes, correct=False)
        await choose(pilot, screen.query_one("#remedies", OptionList), FAILURE.remedies, correct=False)
        text = feedback(screen)
        assert "Cause: wrong" in text and "lr above 2 / largest curvature" in text
        assert "Remedy: wrong" in text and "lr below 0.02" in text
        assert progress.drill_summary("adam") == (1, 0)


async def test_failure_drill_opens_the_broken_setup_in_the_lab(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and app.screen.setup.experiment_id == "lab-explodes"


async def test_concept_drill_compares_prediction_with_both_runs(app, progress):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(CONCEPT)
        await app.push_screen(screen)
        await pilot.pause()
        await choose(pilot, screen.query_one("#predictions", OptionList), CONCEPT.options, correct=False)  # "Nothing changes"
        await settle(pilot)
        text = feedback(screen)
        assert "Your prediction: Nothing changes" in text
        assert "What happens: It follows the sign" in text
        assert "Adam, beta1 0.9" in text and "Adam, beta1 0" in text
        assert "Adam, beta1 0.9" in screen.query_one("#plot-a-loss").plain
        assert "Adam, beta1 0" in screen.query_one("#plot-b-loss").plain
        assert "Without momentum" in screen.query_one("#drill-explanation").source
        assert progress.drill_summary("adam") == (1, 0)


# -- plots that can be read at any size --------------------------------------------------------------


def shown_plots(screen):
    return [plot for plot in screen.query("#drill-plots PlotView") if plot.display]


def drawn_for_their_size(screen) -> bool:
    return all(
        plot.built_size == (plot.size.width, plot.size.height)
        and len(plot.plain.splitlines()) == plot.size.height
        for plot in shown_plots(screen)
    )


async def test_failure_drill_at_80x24_shows_one_readable_plot_at_a_time(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        plots = shown_plots(screen)
        assert [plot.id for plot in plots] == ["plot-a-loss"]
        assert plots[0].size.height >= 12 and plots[0].size.width >= 76
        assert drawn_for_their_size(screen) and "SGD with too large a step" in plots[0].plain
        assert "p next plot" in str(screen.query_one("#drill-plot-pane").border_title)
        await pilot.press("p")
        await settle(pilot)
        assert [plot.id for plot in shown_plots(screen)] == ["plot-a-path"]
        assert drawn_for_their_size(screen) and "path" in screen.query_one("#plot-a-path").plain
        # Answering and rerunning with the fix keeps the plots their size: the text scrolls instead.
        await choose(pilot, screen.query_one("#causes", OptionList), FAILURE.causes, correct=True)
        await choose(pilot, screen.query_one("#remedies", OptionList), FAILURE.remedies, correct=True)
        await pilot.press("f")
        await settle(pilot)
        plots = shown_plots(screen)
        assert [plot.id for plot in plots] == ["plot-b-loss"]  # the fixed run first
        assert plots[0].size.height >= 12 and drawn_for_their_size(screen)
        assert "SGD with a safe step" in plots[0].plain
        visited = set()
        for _ in range(4):
            visited.add(shown_plots(screen)[0].id)
            await pilot.press("p")
            await settle(pilot)
        assert visited == {"plot-a-loss", "plot-b-loss", "plot-a-path", "plot-b-path"}


async def test_failure_drill_at_200x50_shows_every_plot_large_and_both_setups_side_by_side(app):
    async with app.run_test(size=(200, 50)) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        plots = shown_plots(screen)
        assert [plot.id for plot in plots] == ["plot-a-loss", "plot-a-path"]
        assert all(plot.size.height >= 20 and plot.size.width >= 100 for plot in plots)
        assert drawn_for_their_size(screen)
        await choose(pilot, screen.query_one("#causes", OptionList), FAILURE.causes, correct=True)
        await choose(pilot, screen.query_one("#remedies", OptionList), FAILURE.remedies, correct=True)
        await pilot.press("f")
        await settle(pilot)
        plots = {plot.id: plot for plot in shown_plots(screen)}
        assert set(plots) == {"plot-a-loss", "plot-b-loss", "plot-a-path", "plot-b-path"}
        assert plots["plot-a-loss"].region.x < plots["plot-b-loss"].region.x  # one column per setup
        assert plots["plot-a-loss"].region.y < plots["plot-a-path"].region.y
        assert all(plot.size.height >= 20 and plot.size.width >= 50 for plot in plots.values())
        assert drawn_for_their_size(screen)
        # The axis labels read the right way up: the step axis is at the bottom of each loss plot.
        assert plots["plot-a-loss"].plain.rstrip().endswith("step")


async def test_drill_plots_are_redrawn_when_the_terminal_is_resized(app):
    async with app.run_test(size=(200, 50)) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.compact and [plot.id for plot in shown_plots(screen)] == ["plot-a-loss"]
        assert drawn_for_their_size(screen)
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert not screen.compact and len(shown_plots(screen)) == 2 and drawn_for_their_size(screen)


async def test_failure_drill_drops_the_press_f_line_once_the_fix_has_run(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        await choose(pilot, screen.query_one("#causes", OptionList), FAILURE.causes, correct=True)
        await choose(pilot, screen.query_one("#remedies", OptionList), FAILURE.remedies, correct=False)
        assert "Press f to apply the remedy" in feedback(screen)
        await pilot.press("f")
        await settle(pilot)
        assert "Press f" not in feedback(screen) and "small: final loss" in feedback(screen)
        assert not screen.check_action("apply_fix", ())


async def test_concept_drill_at_80x24_has_no_empty_plot_pane_before_the_prediction(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = drill_screen(CONCEPT)
        await app.push_screen(screen)
        await settle(pilot)
        assert not screen.query_one("#drill-plot-pane").display
        await choose(pilot, screen.query_one("#predictions", OptionList), CONCEPT.options, correct=True)
        await settle(pilot)
        assert screen.query_one("#drill-plot-pane").display
        plots = shown_plots(screen)
        assert len(plots) == 1 and plots[0].size.height >= 12 and drawn_for_their_size(screen)


# -- options in a shuffled, stable order ------------------------------------------------------------


def test_choices_are_listed_in_an_order_seeded_by_the_drill():
    from interview_lab.content.loader import builtin_deck_dir, load_deck
    from interview_lab.tui.screens.drills import choice_options

    deck = load_deck([builtin_deck_dir()], builtin=builtin_deck_dir())
    lists = []
    for topic in deck.topics:
        for drill in topic.drills:
            if drill.kind == "failure":
                lists += [(f"{drill.id}/causes", drill.causes), (f"{drill.id}/remedies", drill.remedies)]
            elif drill.kind == "concept":
                lists.append((f"{drill.id}/options", drill.options))
    assert len(lists) > 20
    first_right = 0
    for seed, choices in lists:
        options = choice_options(choices, seed)
        again = choice_options(choices, seed)
        assert [o.id for o in options] == [o.id for o in again]  # the same order every time
        assert sorted(int(o.id) for o in options) == list(range(len(choices)))
        for position, option in enumerate(options):  # letters follow the order shown
            assert str(option.prompt).startswith(f"{chr(ord('a') + position)}) {choices[int(option.id)].text}")
        first_right += choices[int(options[0].id)].correct
    assert first_right < len(lists) / 2  # no longer always the first


async def test_the_letter_chosen_is_the_choice_recorded(app, progress):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        causes = screen.query_one("#causes", OptionList)
        right = option_index(causes, FAILURE.causes, correct=True)
        assert f"{chr(ord('a') + right)}) lr above 2 / largest curvature" in str(causes.get_option_at_index(right).prompt)
        await choose(pilot, causes, FAILURE.causes, correct=True)
        assert screen.cause == 0  # the index of the choice in the drill, whatever its letter


# -- footers that fit 80 columns ------------------------------------------------------------------------


@pytest.mark.parametrize("drill", [FAILURE, CONCEPT, REORDER], ids=lambda drill: drill.kind)
async def test_drill_footer_fits_80_columns(app, drill):
    from textual.widgets._footer import FooterKey

    async with app.run_test(size=(80, 24)) as pilot:
        screen = drill_screen(drill)
        await app.push_screen(screen)
        await settle(pilot)
        if drill is FAILURE:  # the most keys: after the diagnosis, with f and p
            await choose(pilot, screen.query_one("#causes", OptionList), FAILURE.causes, correct=True)
            await choose(pilot, screen.query_one("#remedies", OptionList), FAILURE.remedies, correct=True)
            await pilot.pause()
        keys = [key for key in screen.query(FooterKey) if key.display]
        assert keys and all(key.region.right <= 80 and key.region.width > 0 for key in keys)
        footer = screen_lines(app)[-1]
        assert "palette" in footer and "…" not in footer
        if drill is REORDER:
            assert "Submit" in footer
        if drill is FAILURE:
            assert "Fix and rerun" in footer
