"""From a decision to a deployable template: the messaging fabric of the chosen design, with
every setting its ADR's error handling and sizing state, around the team's own compute.

`emitter` is the interface every template language joins (CloudFormation today; Bicep and
Terraform later); `yamlout` writes a template document as bytes that never vary."""
