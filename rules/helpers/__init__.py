"""Helpers shared by more than one built-in rule module: the one place rule modules share code.

Four modules, one job each (:mod:`.common`, :mod:`.targets`, :mod:`.srv`, :mod:`.xmpp`); a rule module and a
plugin import their names from here, ``zonelint.rules.helpers``, never from the parts.

A rule module imports zonelint only through the package (``from zonelint import ...``) and other
rule modules' code only through this module, so no rule module depends on another.

- SRV owners: :func:`split_service_owner`, :func:`srv_groups` / :func:`srv_entries` (the SRV
  records of a zone grouped by ``(service, proto)``, each owner split once per zone, shared by the
  XMPP, SIP and STUN/TURN rules; :func:`srv_services` / :func:`srv_records` give them as tuples, for
  plugins), :func:`child`, :func:`first_label`, :func:`position`.
- Targets: :func:`target_records` (SRV/MX/NS records with a real target, once per zone) and the
  predicates that decide "this target is already reported" (:func:`alias_of`,
  :func:`ip_literal`, :func:`origin_doubled`, :func:`reported_by_target_rules`,
  :class:`UnreadableTargets`), so that ZL103 and ZL703 skip exactly what ZL101, ZL102 and ZL105
  report: one finding per fault. :func:`target_facts` answers the usual questions about a target
  once per distinct name and run, and :func:`target_survey` sorts a zone's SRV/MX/NS records
  once into the few each target rule judges (:class:`DoublingScreen` rules most names out before
  :func:`origin_doubled`).
- Messages: :func:`two_labels`; where another record is (:func:`where`, :func:`near`,
  :func:`positions`, which name a served record by its source, owner and type, never by a line)
  and :func:`brief` are zonelint's public API, imported here for the rule modules.
"""

from __future__ import annotations

from zonelint import (  # noqa: F401 - brief, brief_path, near, positions, where: every rule module's, from here
    MESSAGE_WIDTH,
    brief,
    brief_path,
    near,
    positions,
    where,
)
from .common import (  # noqa: F401
    MICROSOFT_ONLINE_SUFFIXES,
    EXPECTED_PORTS,
    SERIAL_BITS,
    serial_gt,
    child,
    first_label,
    two_labels,
    problem_finding,
)
from .targets import (  # noqa: F401
    IS_ALIAS,
    NO_ADDRESS,
    BAD_HOST,
    FROM_DNS,
    DIGITS,
    SINGLE,
    target_facts,
    TargetSurvey,
    target_survey,
    alias_of,
    zone_for,
    dns_alias,
    ip_literal,
    origin_doubled,
    DoublingScreen,
    missing_dot_fix,
    delegations,
    below_delegation,
    doubled_by_directive,
    UnreadableTargets,
    reported_by_target_rules,
    reported_for_target,
    owner_written_doubled,
    single_label_target,
    PLAIN_HOST_NAME,
    hostname_problem,
)
from .srv import (  # noqa: F401
    split_service_owner,
    ROOT_PORT,
    NO_PORT,
    SrvGroup,
    SrvIndex,
    srv_index,
    srv_groups,
    srv_selected,
    srv_entries,
    srv_services,
    srv_records,
    position,
    target_records,
    legacy_srv_without_successor,
)
from .xmpp import (  # noqa: F401
    CLIENT_SERVICES,
    SERVER_SERVICES,
    XMPP_SERVICES,
    MUC_LABELS,
    S2S_PORT,
    TIMPLUS_LABEL,
    TIMPLUS_QUOTE,
    resolves_to_address,
    ROOT_BITS,
    SERVER_INDEX,
    may_collide,
    XmppServices,
    XmppDomains,
)
