-- The SACE data-quality ledger: every input row used or rejected, and every rejected answer.
{{ survey_ledger('sace') }}
