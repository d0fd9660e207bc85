-- The ASCS data-quality ledger: every input row used or rejected, and every rejected answer.
{{ survey_ledger('ascs') }}
