"""CloudFormation, one module per job: naming, the template's sections, parameters, the
fabric, what pushes (delivery), what pulls (polling), safety and policies; `template`
walks a design into them."""
