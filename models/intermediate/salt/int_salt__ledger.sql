-- The SALT data-quality ledger: every input row used or rejected, every value made unknown, and
-- what a council's return lacks (int_salt__return_gaps: tables counted as 0, measures not available).
{{ cell_return_ledger('salt', notices='int_salt__return_gaps') }}
