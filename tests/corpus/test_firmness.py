"""Firmness over all wording: each commitment's mix, every task read, one scale.

Corpus facts of the shipped seeds: the 2023-2026 plan's trillion-parameter compute is
worded 力爭 / 爭取 (strive) in its goals and task 7 and firm in task 9 and the briefing.
"""

from __future__ import annotations

from newinfra.analysis import views
from newinfra.analysis.profiles import firmness_profile
from newinfra.inputs import curation
from newinfra.inputs.vocabulary import COMMITMENTS
from newinfra.ledger import firmness
from newinfra.ledger.wording import commitment_in

TRILLION = "newinfra-2023-2026-plan-zh:909-912"


def test_a_commitment_shows_where_each_wording_is_used():
    mix = firmness.wording_mix()[TRILLION]
    assert mix == "firm in task 9 and the briefing, strive in the goals and task 7"


def test_the_evidence_table_shows_the_mix_not_one_mentions_wording():
    import newinfra as ni

    ledger = ni.primary_view(ni.targets(domain="computing"))
    table = views.evidence_table(ledger[ledger["kind"] == "target"])
    row = table[table["target_id"] == TRILLION].iloc[0]
    assert row["commitment"].startswith("firm in task 9")


def test_every_task_is_read_numbers_or_not():
    tasks = firmness.task_wording()
    assert len(tasks) == len(curation.tasks())
    zh = tasks[tasks["source_id"] == "newinfra-2023-2026-plan-zh"].set_index("task_ref")
    # Task 1 explores (探索演進) the dual 10-gigabit; it is hedged though it is counted once.
    assert zh.at["T01", "commitment"] == "explore"
    assert set(tasks["commitment"]) <= set(COMMITMENTS)


def test_firmness_is_counted_per_task_per_mention_and_per_commitment_by_domain():
    table = firmness_profile(["newinfra-2023-2026"])
    totals = table.groupby("counted")["n"].sum()
    counted = curation.tasks().query("plan_id == 'newinfra-2023-2026' and task_type == 'task'")
    assert totals["tasks"] == len(counted) == 30
    assert totals["mentions"] > totals["commitments"]
    mentions = table[table["counted"] == "mentions"].groupby("commitment")["n"].sum()
    # The trillion target's two strive mentions count, though its firmest mention is firm.
    assert mentions["strive"] >= 2 and mentions["explore"] >= 1
    assert set(table["domain"]) == set(curation.domain_ids())


def test_hedged_commitments_list_each_mix():
    table = views.hedged_commitments(["newinfra-2023-2026"])
    assert TRILLION in set(table["target_id"])
    assert table.set_index("target_id").at[TRILLION, "commitment"].endswith("goals and task 7")


def test_the_weakest_wording_decides_whatever_the_order_of_the_terms_file():
    terms = curation.commitment_terms()
    reversed_terms = terms.iloc[::-1].reset_index(drop=True)
    from newinfra.ledger.wording import compile_terms

    for table in (terms, reversed_terms):
        compiled = compile_terms(table)
        assert commitment_in("力爭探索建設", compiled) == "explore"
        assert commitment_in("試點並力爭", compiled) == "pilot"
        assert commitment_in("建設", compiled) == "firm"
