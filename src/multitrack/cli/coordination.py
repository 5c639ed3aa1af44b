"""`multitrack coordination overlaps CONTEXT`: overlaps and gaps between organisations' initiatives."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from multitrack.cli.common import fail, out, read_text, setup_django

coordination_app = typer.Typer(
    help="Coordination across organisations (docs/coordination.md).", no_args_is_help=True
)


@coordination_app.command("overlaps")
def overlaps_command(
    context: Annotated[str, typer.Argument(help="The context, by name.")],
    organisation: Annotated[
        str | None,
        typer.Option(help="Whose view: its initiatives and its partners' cards (default: the only one)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Initiatives of different organisations that overlap in period and aim, the tracks nobody works on,
    and the third parties that recur — from the organisation's initiatives and the cards its partners
    shared in spaces it has joined."""
    setup_django()
    from multitrack.core import vocab
    from multitrack.web.coordination.overlaps import for_organisation
    from multitrack.web.registry.models import Context

    found = Context.objects.filter(name=context).first()
    if found is None:
        raise fail(f"no context {context!r}", 2)
    org = _organisation(organisation)
    picture = for_organisation(found, org)
    if as_json:
        sys.stdout.write(json.dumps({"context": found.name, "organisation": org.name, **picture.as_json()},
                                    indent=2, ensure_ascii=False) + "\n")  # fmt: skip
        return
    out.print(f"{found.name}, as {org.name} sees it: {len(picture.offers)} initiatives", markup=False)
    for o in picture.overlaps:
        pair = f"{o.a.organisation}: {o.a.label} / {o.b.organisation}: {o.b.label}"
        out.print(f"- {pair} — {'; '.join(o.reasons)}", markup=False)
    if not picture.overlaps:
        out.print("No two organisations' initiatives overlap in period and aim.", markup=False)
    if picture.level_gaps:
        levels = ", ".join(vocab.LEVELS.label(code) for code in picture.level_gaps)
        out.print(f"Levels nobody works with: {levels}", markup=False)
    if picture.gaps:
        out.print(
            "Tracks nobody works on: " + ", ".join(vocab.TRACKS.label(t) for t in picture.gaps), markup=False
        )


def _organisation(name: str | None) -> Any:
    from multitrack.web.accounts.models import Organisation

    orgs = Organisation.objects.filter(name=name) if name else Organisation.objects.all()
    if name is None and orgs.count() > 1:
        raise fail("this installation has several organisations: say which with --organisation", 2)
    found = orgs.first()
    if found is None:
        raise fail(f"no organisation {name!r}; see `multitrack organisation list`", 2)
    return found


OrganisationOption = Annotated[str | None, typer.Option(help="Which organisation (default: the only one).")]


@coordination_app.command("key")
def key_command(organisation: OrganisationOption = None) -> None:
    """Print the organisation's public key and its fingerprint, for partners to pin (made on first use)."""
    setup_django()
    from multitrack.web.coordination.bundles import signing_key

    key = signing_key(_organisation(organisation))
    out.print(f"public key:  {key.public_key}\nfingerprint: {key.fingerprint}", markup=False)


@coordination_app.command("trust")
def trust_command(
    partner: Annotated[str, typer.Argument(help="The partner organisation, as you will see it.")],
    public_key: Annotated[str, typer.Argument(help="Its public key, as its `coordination key` prints it.")],
    organisation: OrganisationOption = None,
) -> None:
    """Pin a partner's public key: bundles it signs are accepted. Check the fingerprint with the partner."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.coordination.bundles import trust

    try:
        pin = trust(_organisation(organisation), partner, public_key)
    except BundleError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"Pinned {pin.partner}: fingerprint {pin.fingerprint}.", markup=False)


@coordination_app.command("revoke")
def revoke_command(
    fingerprint: Annotated[str, typer.Argument(help="The pinned key's fingerprint.")],
    organisation: OrganisationOption = None,
) -> None:
    """Stop accepting bundles signed by a pinned key (its cards stay until you import a new set)."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.coordination.bundles import revoke

    try:
        pin = revoke(_organisation(organisation), fingerprint)
    except BundleError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"Revoked {pin.partner}'s key {pin.fingerprint}.", markup=False)


@coordination_app.command("export")
def export_command(
    space: Annotated[str, typer.Option(help="The space whose cards of yours to export.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Bundle file to write.")],
    organisation: OrganisationOption = None,
) -> None:
    """Write a signed bundle of the organisation's cards shared in a space, for another installation."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.audit.log import record
    from multitrack.web.coordination.bundles import export
    from multitrack.web.coordination.models import Space

    found = Space.objects.filter(name=space).first()
    if found is None:
        raise fail(f"no space {space!r}", 2)
    org = _organisation(organisation)
    try:
        bundle = export(org, found)
    except BundleError as exc:
        raise fail(str(exc), 2) from None
    output.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    record("export", summary=f"{len(bundle['cards'])} coordination cards exported as a signed bundle",
           object_type="coordination.space", object_id=str(found.pk))  # fmt: skip
    out.print(
        f"{output}: {len(bundle['cards'])} card(s) of {org.name}, signed by {bundle['key']}.", markup=False
    )


@coordination_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A bundle from a partner's `coordination export`.")],
    organisation: OrganisationOption = None,
) -> None:
    """Import a partner's signed bundle: refused unless signed by a key you pinned and unaltered."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.coordination.bundles import import_bundle

    text = read_text(file)
    try:
        received = import_bundle(_organisation(organisation), text)
    except BundleError as exc:
        raise fail(f"{file.name}: {exc}; nothing was imported", 2) from None
    out.print(f"{file.name}: {received}", markup=False)


def _space(name: str, organisation: Any) -> Any:
    from multitrack.web.coordination.models import Space

    found = (
        Space.objects.filter(name=name, created_by=organisation).first()
        or Space.objects.filter(name=name, members__organisation=organisation).first()
    )
    if found is None:
        raise fail(f"{organisation.name} is in no space called {name!r}", 2)
    return found


@coordination_app.command("shared-persons")
def shared_persons_command(
    space: Annotated[str, typer.Option(help="The space.")],
    organisation: OrganisationOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Persons taking part in initiatives of several organisations of a space, counted from the members'
    encodings (no name), small counts suppressed."""
    setup_django()
    from multitrack.web.coordination import linkage
    from multitrack.web.coordination.services import OPERATOR

    found = _space(space, _organisation(organisation))
    shared = linkage.shared_persons(found, OPERATOR)
    if shared is None:
        raise fail(
            f"{found.name}: nothing to count yet (a linkage secret, and encodings of two organisations)", 1
        )
    rows = shared.report.bands.to_rows()
    if as_json:
        data = {
            "space": found.name, "organisations": shared.organisations, "min_cell": shared.report.min_cell,
            "pairs": [{"a": a, "b": b, "persons": n} for a, b, n in shared.pairs()],
            "bands": {"columns": rows[0][1:],
                      "rows": [{"initiatives": r[0], "cells": r[1:]} for r in rows[1:]]},
        }  # fmt: skip
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    for a, b, n in shared.pairs():
        out.print(f"{a} / {b}: {'suppressed' if n is None else n}", markup=False)


@coordination_app.command("token-create")
def token_create_command(
    partner: Annotated[str, typer.Option("--organisation", help="The partner organisation (on this hub).")],
    public_key: Annotated[
        str, typer.Option(help="The key it signs its bundles with (its `coordination key`).")
    ],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "hub",
) -> None:
    """Issue a hub API token for a partner organisation (printed once; only its hash is kept)."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.coordination.hub import issue_token

    org = _organisation(partner)
    try:
        row, token = issue_token(org, label, public_key)
    except BundleError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"Token {row.pk} for {org.name} (signing key {row.fingerprint}), shown this once:\n{token}",
              markup=False)  # fmt: skip


@coordination_app.command("token-revoke")
def token_revoke_command(token_id: Annotated[int, typer.Argument(help="The token's number.")]) -> None:
    """Revoke a hub API token: it answers 401 from now on."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.coordination.hub import revoke_token

    try:
        row = revoke_token(token_id)
    except BundleError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"Token {row.pk} of {row.organisation.name} revoked.", markup=False)


@coordination_app.command("token-list")
def token_list_command() -> None:
    """Hub API tokens: organisation, label, key, last use, revoked or not (never the token)."""
    setup_django()
    from multitrack.web.coordination.models import HubToken

    for row in HubToken.objects.select_related("organisation"):
        used = row.last_used_at.isoformat(timespec="minutes") if row.last_used_at else "never used"
        state = "revoked" if row.revoked_at else "live"
        line = f"{row.pk}: {row.organisation.name} · {row.label} · key {row.fingerprint} · {used} · {state}"
        out.print(line, markup=False)


def _hub_request(url: str, token: str, data: bytes | None = None) -> Any:
    """One call to a hub's API (the hub is a partner's installation: http(s) only, 30 s at most)."""
    import urllib.error
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise fail(f"{url}: a hub is an http:// or https:// address", 2)
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET",
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", errors="replace")[:300]
        raise fail(f"the hub answered {exc.code}: {detail}", 1) from None
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
        raise fail(
            f"the hub could not be reached or answered garbage ({exc.__class__.__name__})", 1
        ) from None


TokenOption = Annotated[
    str, typer.Option(envvar="MULTITRACK_HUB_TOKEN", help="Your organisation's hub token.")
]


@coordination_app.command("push")
def push_command(
    hub_url: Annotated[
        str, typer.Argument(help="The hub installation's address, e.g. https://hub.example.org")
    ],
    space_id: Annotated[int, typer.Option(help="The space's number on the hub.")],
    bundle: Annotated[Path, typer.Option(help="A bundle from `coordination export`.")],
    token: TokenOption,
) -> None:
    """Push your signed bundle to a hub's space (it replaces your last one there)."""
    text = read_text(bundle)
    answer = _hub_request(
        f"{hub_url.rstrip('/')}/api/hub/spaces/{space_id}/bundle", token, text.encode("utf-8")
    )
    out.print(f"Pushed {answer.get('cards', 0)} card(s) to space {space_id} of {hub_url}.", markup=False)


@coordination_app.command("pull")
def pull_command(
    hub_url: Annotated[str, typer.Argument(help="The hub installation's address.")],
    space_id: Annotated[int, typer.Option(help="The space's number on the hub.")],
    token: TokenOption,
    organisation: OrganisationOption = None,
) -> None:
    """Pull the other members' bundles from a hub's space and import each one you can verify (signed by a
    key you pinned, unaltered); the others are reported, not imported."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.coordination.bundles import import_bundle

    org = _organisation(organisation)
    found = _hub_request(f"{hub_url.rstrip('/')}/api/hub/spaces/{space_id}/bundles", token)
    refused = 0
    for item in found if isinstance(found, list) else []:
        try:
            out.print(str(import_bundle(org, json.dumps(item))), markup=False)
        except BundleError as exc:
            refused += 1
            out.print(f"refused a bundle from {str(item.get('organisation', '?'))[:80]}: {exc}", markup=False)
    out.print(f"{len(found)} bundle(s) pulled, {refused} refused.", markup=False)
    if refused:
        raise typer.Exit(1)


SpaceOption = Annotated[str, typer.Option("--space", help="The space, by name.")]


@coordination_app.command("linkage-secret")
def linkage_secret_command(
    space: SpaceOption,
    organisation: OrganisationOption = None,
    secret: Annotated[
        str | None, typer.Option(help="The secret agreed with partners (hex); new when omitted.")
    ] = None,
) -> None:
    """Set (or rotate) a space's linkage secret and print it once, to give partners on other installations
    by a safe channel. Encodings made with an earlier secret are discarded."""
    setup_django()
    from multitrack.web.coordination import linkage
    from multitrack.web.coordination.services import OPERATOR, CoordinationError

    found = _space(space, _organisation(organisation))
    try:
        value = linkage.set_secret(found, OPERATOR, secret)
    except CoordinationError as exc:
        raise fail(str(exc), 2) from None
    out.print(
        f"{found.name}: linkage key {found.linkage_key_id}. The secret, shown this once:\n{value}",
        markup=False,
    )


@coordination_app.command("submit-participants")
def submit_participants_command(space: SpaceOption, organisation: OrganisationOption = None) -> None:
    """Encode the organisation's participants in its initiatives carded in the space (names never leave)."""
    setup_django()
    from multitrack.web.coordination import linkage
    from multitrack.web.coordination.services import OPERATOR, CoordinationError

    org = _organisation(organisation)
    found = _space(space, org)
    try:
        rows = linkage.submit(found, org, OPERATOR)
    except CoordinationError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"{found.name}: {rows} participations of {org.name} encoded and submitted.", markup=False)


@coordination_app.command("encodings-export")
def encodings_export_command(
    space: SpaceOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    organisation: OrganisationOption = None,
) -> None:
    """Write the organisation's submitted encodings for a space as a signed bundle (no names)."""
    setup_django()
    from multitrack.web.coordination import linkage
    from multitrack.web.coordination.services import CoordinationError

    org = _organisation(organisation)
    try:
        bundle = linkage.export_encodings(_space(space, org), org)
    except CoordinationError as exc:
        raise fail(str(exc), 2) from None
    output.write_text(json.dumps(bundle, indent=2) + "\n", encoding="utf-8")
    out.print(f"{output}: encodings of {org.name}, signed by {bundle['key']}.", markup=False)


@coordination_app.command("encodings-import")
def encodings_import_command(
    file: Annotated[Path, typer.Argument(help="A partner's `coordination encodings-export`.")],
    space: SpaceOption,
    organisation: OrganisationOption = None,
) -> None:
    """Import a partner's signed encodings into one of your spaces (same secret): counted with yours."""
    setup_django()
    from multitrack.core.bundles import BundleError
    from multitrack.web.coordination import linkage

    org = _organisation(organisation)
    try:
        rows = linkage.import_encodings(_space(space, org), org, read_text(file))
    except (BundleError, OSError, UnicodeDecodeError) as exc:
        raise fail(f"{file.name}: {exc}; nothing was imported", 2) from None
    out.print(f"{file.name}: {rows} encoded participations received.", markup=False)
