"""Everything advisor knows about AWS: catalogue, vocabulary, designs, sizing, cost.

provider.py puts it behind the core's Provider protocol. The parts, one job each:
vocabulary.py (service ids and sources), catalogue.py with data/catalogue.yaml (every AWS
fact, sourced and dated), building.py (a design being assembled), designs/ (a branch per
model and the routes they share), operations/ (advice to run a design safely), sizing/
(figures and quotas), cost/ (a pricer per service id), latency.py (the delay of each hop).

Adding a service: its id in vocabulary.py and building.ORDER; its entry and facts in
data/catalogue.yaml (then `python -m advisor.providers.aws.catalogue`); the design module
that places it (its PLACES); its pricer, or an `unpriced` entry, in cost/pricers.py; and, where
it has them, its figures in sizing/ and its delay in latency.py.
tests/providers/test_provider_conformance.py fails until the entry, a branch and a pricer are there.
"""
