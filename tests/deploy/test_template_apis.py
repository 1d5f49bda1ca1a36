"""An API that delivers to its connected clients names, in its Metadata, the consumer it
serves where it serves only one, so that the gate finds the consumer served (ADV202);
shared by several consumers, it names none."""

from __future__ import annotations

import pytest
import yaml

from tests.deploy.test_template_services import _template


@pytest.mark.parametrize(("hops", "kind"), [
    (("appsync",), "AWS::AppSync::Api"),
    (("lambda", "api-gateway-websocket"), "AWS::ApiGatewayV2::Api"),
])
def test_an_api_names_the_one_consumer_it_serves(hops: tuple[str, ...], kind: str) -> None:
    def apis(count: int) -> list[dict[str, str]]:
        resources = yaml.safe_load(_template([("client", hops)] * count))["Resources"]
        return [r["Metadata"]["advisor"] for r in resources.values() if r["Type"] == kind]

    assert apis(1) == [{"workload": "everything", "consumer": "c0", "part": "api"}]
    assert apis(2) == [{"workload": "everything", "part": "api"}]
