"""Everything advisor knows about Google Cloud: catalogue, vocabulary, designs, sizing, cost.

provider.py puts it behind the core's Provider protocol. The parts, one job each:
vocabulary.py (service ids and sources of the format spec), catalogue.py with
data/catalogue.yaml (every gcp fact, sourced, dated, with its status), kinds.py (what the
core's facts must know of gcp), building.py (a design being assembled), designs/ (a branch
per model and the error handling each needs), sizing.py (quotas, instances, Cloud Tasks
rates), cost.py (a pricer per service id, or an unpriced entry), latency.py (each hop's delay).
"""
