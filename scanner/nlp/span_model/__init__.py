"""The learnt span model: a spaCy NER component fine-tuned on the project's annotated
organisation and programme mentions, whose spans join the rules' candidates (`spans.py`
loads and runs it, `examples.py` turns annotated corpora into training documents,
`training.py` trains and saves it)."""
