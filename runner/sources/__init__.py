"""One module per input source beyond the surveys, each defining SOURCE (an input_contract.Source).

runner.input_contract collects them, so adding a source is adding a module here.
"""
