"""Everything advisor knows about AWS: catalogue, vocabulary, designs, sizing, cost."""
