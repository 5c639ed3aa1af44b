"""Signed bundles: a pinned key's unaltered bundle is read; an unknown key or any alteration is refused."""

from __future__ import annotations

import json

import pytest

from multitrack.core import bundles


@pytest.fixture
def signed():
    private = bundles.new_private_key()
    public = bundles.public_key_of(private)
    bundle = bundles.sign(private, {"organisation": "A", "created_at": "2026-12-07", "cards": [
        {"id": "c1", "fields": {"context": "Highlands", "label": "Youth panel"}}]})  # fmt: skip
    return public, bundle


def test_a_pinned_unaltered_bundle_is_read(signed):
    public, bundle = signed
    fp = bundles.fingerprint(public)
    assert bundle["key"] == fp and len(fp) == 19 and fp.count("-") == 3
    read = bundles.verify(json.dumps(bundle), {fp: public})
    assert read.organisation == "A" and read.cards[0]["fields"]["label"] == "Youth panel"


def test_an_unknown_key_or_an_altered_bundle_is_refused_in_one_line(signed):
    public, bundle = signed
    fp = bundles.fingerprint(public)
    other = bundles.public_key_of(bundles.new_private_key())
    with pytest.raises(bundles.BundleError, match=r"signed by a key that is not pinned here \(" + fp):
        bundles.verify(json.dumps(bundle), {bundles.fingerprint(other): other})
    for change in (
        lambda b: b["cards"][0]["fields"].update(label="Changed"),
        lambda b: b.update(organisation="B"),
        lambda b: b["cards"].append({"id": "c2", "fields": {}}),
        lambda b: b.update(signature=b["signature"][:-4] + "AAAA"),
    ):
        altered = json.loads(json.dumps(bundle))
        change(altered)
        with pytest.raises(
            bundles.BundleError, match=r"^the signature does not match: the bundle was altered"
        ):
            bundles.verify(json.dumps(altered), {fp: public})
    # a key pinned under the fingerprint of another: the signature check still fails
    with pytest.raises(bundles.BundleError, match="the signature does not match"):
        bundles.verify(json.dumps(bundle), {fp: other})


def test_what_is_not_a_bundle(signed):
    public, bundle = signed
    pins = {bundles.fingerprint(public): public}
    with pytest.raises(bundles.BundleError, match="not JSON"):
        bundles.verify("{", pins)
    with pytest.raises(bundles.BundleError, match="not a Multitrack coordination bundle"):
        bundles.verify(json.dumps({"cards": []}), pins)
    with pytest.raises(bundles.BundleError, match="bundle version 2 is not supported"):
        bundles.verify(json.dumps({**bundle, "version": 2}), pins)
    with pytest.raises(bundles.BundleError, match="not an Ed25519 public key"):
        bundles.check_public_key("hello")
    assert bundles.check_public_key(f"  {public}\n") == public
