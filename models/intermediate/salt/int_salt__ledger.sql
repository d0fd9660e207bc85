-- The SALT data-quality ledger: every input row used or rejected, and every value made unknown.
{{ cell_return_ledger('salt') }}
