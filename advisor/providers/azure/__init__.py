"""Everything advisor knows about Azure: catalogue, vocabulary, designs, sizing, cost.

provider.py puts it behind the core's Provider protocol. The parts, one job each:
vocabulary.py (service ids and sources), catalogue.py with data/catalogue.yaml (every Azure
fact, sourced and dated), kinds.py (what the services are to the rules' facts), building.py
(a design being assembled), designs.py (a branch per model) with routing.py (push routes) and
pulling.py (buffers and what reads them), operations.py (retries, dead-lettering, poison
messages), sizing.py, cost.py (a pricer per service id, or its reason
to be unpriced), latency.py.
"""
