"""Tracing speed and quality: the BM25 engine beside a brute-force TF-IDF cosine baseline, same run.

Corpus (generated at run time from a seed; nothing downloaded or stored): `DOCS` (default 2,000) Track
One texts, about 25 KB each on average (≈ 50 MB): agreements, protocols/MoUs and communiqués or official
statements of eight fictional conflicts, each with its own towns, districts, regions, rivers, movements,
mediators and dates. Provisions come from ~90 templates on fifteen topics (ceasefire, security
arrangements, disarmament, power sharing, elections, land, water, returns, transitional justice,
detainees, humanitarian access, monitoring, cultural heritage, wealth sharing, policing), plus
preambles, implementation boilerplate and final provisions; every slot of a template is drawn from a
set of synonyms, every provision gets its own places, durations, shares and often an anchor (more
places, a road, an earlier accord), so documents share their boilerplate, as real ones do, and differ.

Queries (`QUERIES`, default 1,000): passages of Track Two outputs. About 80 % are planted paraphrases of
one provision of one document, in a workshop paper's voice ("Participants proposed that the two sides
should ..."), at three levels: *close* (half the synonym sets drawn again, names kept), *synonyms*
(every synonym set drawn again — as likely to land on the target's word as on any other clause's of the
same template — modifiers moved, names and quantities rephrased: "ninety days" → "three months") and
*sparse* (every set drawn again, modifiers dropped, all names but one made generic: only a few content
words left in common). The answer key is the passage (`transfer.passages`) holding the planted
provision; "(same)" also accepts a passage holding a provision of the same template about the same
places in another text (a twin: recurring provisions are common, and no text-only method can tell them
apart). The rest are distractors on the same topics, planted nowhere.

Engine: `transfer.Tracer` with its default tokens (words and character 4-grams); one query =
`Tracer.search(text, k=3)` for a passage-length text, as the app does for each passage of an output;
also timed part by part, and with the date rule (`not_before`, as `trace()` passes it). Baseline: each
passage an L2-normalised TF-IDF vector of the same tokens (scipy.sparse, built passage by passage), each
query scored against every passage by one sparse matrix-vector product, top 3 by `argpartition`. Each
side runs in a fresh process, one after the other; peak memory is the rise of `ru_maxrss` over the
process's size once the corpus is loaded. Build time = passages + tokens + index.

Embeddings: on the first `RERANK` planted queries (default 150; a re-ranked query takes about a second
on 2 cores), top-1/top-3 of BM25 alone beside `Tracer.search(..., reranker=semantic.default_reranker())`
(BM25 pool re-ranked with all-MiniLM-L6-v2 on the CPU), latency, and how often the target is in the pool
at all. Said plainly when the extra is not installed.

Environment: MULTITRACK_BENCH_TRACING_DOCS, _QUERIES, _RERANK, _SIZE (mean characters a document). A smoke
run: MULTITRACK_BENCH_TRACING_DOCS=100 MULTITRACK_BENCH_TRACING_QUERIES=100 MULTITRACK_BENCH_TRACING_RERANK=20
"""

from __future__ import annotations

import calendar
import inspect
import json
import os
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from benchmarks.harness import Line
from multitrack.core import transfer

DOCS = int(os.environ.get("MULTITRACK_BENCH_TRACING_DOCS", "2000"))
QUERIES = int(os.environ.get("MULTITRACK_BENCH_TRACING_QUERIES", "1000"))
RERANK = int(os.environ.get("MULTITRACK_BENCH_TRACING_RERANK", "150"))
MEAN_SIZE = int(os.environ.get("MULTITRACK_BENCH_TRACING_SIZE", "25000"))
SEED = 20250611
PLANTED_SHARE = 0.8
LEVELS = (("close", 0.3), ("synonyms", 0.4), ("sparse", 0.3))
TARGET_P95_MS = 200.0
BREAKDOWN = 200  # queries timed part by part
DATED = 100  # queries timed again with the date rule
K = 3


# ---------------------------------------------------------------------------------------------------
# Templates. "{a|b|c}" is a set of synonyms (one is chosen; a paraphrase chooses another), "<SLOT>" a
# name, number or date of the clause's own (a paraphrase may phrase it otherwise, or make it generic).
# <MUST> is the modal after the parties ("shall", "undertake to" ...), <SHALL> after anything else; a
# Track Two rendering turns both into "should", "would" ... Each template: topic, main, modifiers (which
# a rendering puts after the main clause or, the first one, before it).

Template = tuple[str, str, tuple[str, ...]]

TOPICS: dict[str, tuple[str, ...]] = {  # topic → article headings
    "ceasefire": ("Cessation of Hostilities", "Ceasefire", "Permanent Ceasefire", "Ceasefire Modalities"),
    "security": ("Security Arrangements", "Cantonment and Integration", "Security Sector Reform"),
    "disarmament": ("Disarmament, Demobilisation and Reintegration", "Disarmament", "Reintegration"),
    "power": ("Power Sharing", "Transitional Institutions", "Regional Autonomy"),
    "elections": ("Elections", "Electoral Arrangements", "The Electoral Process"),
    "land": ("Land and Property", "Restitution of Property", "Land Rights"),
    "water": ("Water Sharing", "Management of Water Resources", "The River Basin"),
    "returns": ("Return of Refugees and Displaced Persons", "Voluntary Return", "Returns and Recovery"),
    "justice": ("Transitional Justice", "Truth, Justice and Reparations", "Accountability"),
    "detainees": ("Release of Detainees", "Prisoners and Detainees", "Persons Deprived of Liberty"),
    "humanitarian": ("Humanitarian Access", "Humanitarian Assistance", "Protection of Civilians"),
    "monitoring": ("Monitoring and Verification", "Implementation Mechanisms", "Dispute Resolution"),
    "heritage": ("Cultural Heritage", "Religious and Cultural Rights", "Languages and Culture"),
    "economy": ("Wealth Sharing", "Economic Recovery", "Reconstruction and Development"),
    "policing": ("Policing", "Community Policing", "Law Enforcement"),
}

BODIES: dict[str, tuple[str, ...]] = {  # topic → names of the body a document sets up for it
    "ceasefire": ("Ceasefire Commission", "Joint Ceasefire Committee", "Ceasefire Monitoring Team"),
    "security": ("Joint Security Committee", "Military Coordination Commission", "Security Board"),
    "disarmament": ("Disarmament Commission", "Reintegration Commission", "National Reintegration Authority"),
    "power": ("Implementation Council", "Transitional Executive Council", "Committee on Power Sharing"),
    "elections": ("Electoral Commission", "Joint Electoral Committee", "Electoral Steering Group"),
    "land": ("Land Commission", "Property Claims Commission", "Land and Property Tribunal"),
    "water": ("Joint Water Commission", "Basin Authority", "Water Sharing Council"),
    "returns": ("Returns Commission", "Joint Committee on Returns", "Office for Displaced Persons"),
    "justice": ("Truth and Reconciliation Commission", "Special Tribunal", "Victims' Commission"),
    "detainees": ("Committee on Detainees", "Joint Prisoner Committee", "Detention Review Board"),
    "humanitarian": ("Humanitarian Coordination Committee", "Joint Humanitarian Cell", "Relief Council"),
    "monitoring": ("Joint Monitoring Commission", "Verification Mission", "Implementation Committee"),
    "heritage": ("Heritage Committee", "Cultural Heritage Council", "Commission on Monuments"),
    "economy": ("Reconstruction Fund Board", "Economic Recovery Council", "Revenue Sharing Commission"),
    "policing": ("Police Oversight Board", "Joint Policing Committee", "Police Reform Commission"),
}

TEMPLATE_TEXT = """
[preamble]
{Recalling|Bearing in mind|Mindful of} the {Declaration of Principles|Framework Agreement|Joint
    Declaration} {signed|concluded|adopted} {at|in} <TOWN> on <DATE> and the
    {commitments|undertakings|obligations} {made|entered into|assumed} {therein|in it|under it}
{Reaffirming|Reiterating|Confirming} {their|the Parties'} {commitment to|attachment to|dedication
    to} the {sovereignty|independence} and {territorial integrity|unity} of <COUNTRY> and to the
    {peaceful future|stability|prosperity} of all its {peoples|communities|citizens}
{Deeply concerned|Gravely concerned|Alarmed} {by|at} the {suffering|hardship|plight} {endured
    by|inflicted on|borne by} the {civilian population|people|inhabitants} of <REGION> {as a result
    of|because of|owing to} {the conflict|the hostilities|years of armed conflict}
{Recognising|Acknowledging|Conscious of} the {need|necessity|urgency} {to address|of addressing|to
    tackle} the {root causes|underlying causes|deep causes} of the conflict, {including|among
    them|notably} {the unequal distribution of land|disputes over land and water|the exclusion of
    communities from political life} in <DISTRICT>
{Determined|Resolved|Committed} to {build|establish|consolidate} a {just|lasting|durable} and
    {comprehensive|inclusive|sustainable} peace {through dialogue|by peaceful means|through
    negotiation} {between|among} all {communities|components of society|citizens} of <COUNTRY>
{Welcoming|Appreciating|Acknowledging with gratitude} the {good offices|facilitation|support} of
    <GUARANTOR> and the {contribution|role|assistance} of <ORG> {throughout|during|in the course of}
    the {negotiations|talks|peace process}
{Affirming|Emphasising|Stressing} that {the rights of women, minorities and displaced persons|the
    dignity of every victim|respect for human rights} {must|shall|should} be {at the heart
    of|central to|protected in} {any settlement|the peace process|the implementation of this
    Agreement}
{Noting|Taking note of|Having considered} the {recommendations|conclusions|proposals} of the
    {consultations|dialogue|hearings} held {with|among} {civil society|religious leaders and
    elders|women's organisations} in <TOWN> and <TOWN2> on <DATE>
[ceasefire]
<PARTIES> <MUST> {observe|respect|abide by|adhere to} a {complete|comprehensive|general} {cessation
    of hostilities|ceasefire|halt to all hostile acts} {throughout|across|in the whole of} <REGION>,
    {including|covering|extending to} {all attacks on|any assault against|all offensive operations
    against} <TOWN> and <TOWN2>
  + {with effect from|starting at|from} {midnight|noon|six o'clock in the morning} on <DATE>
  + {under the supervision of|monitored by|under the observation of} <ORG>
{All|The} {armed|military|fighting} {units|formations|forces} of {both Parties|the two sides|either
    Party} <SHALL> {remain in|stay in|hold} their {current|present|existing}
    {positions|locations|lines} and {refrain from|abstain from|desist from} {any|all}
    {movement|redeployment|advance} {towards|in the direction of|closer to} <TOWN>
  + {until|pending} the {completion|conclusion|finalisation} of the {separation of
    forces|disengagement|withdrawal} {provided for|set out|described} in this
    {Chapter|Protocol|Agreement}
{Prohibited acts|Violations of the ceasefire|Acts forbidden under the ceasefire}
    {include|comprise|cover} {shelling|artillery fire|bombardment}, {sniper fire|targeted
    shooting|sharpshooting}, the {laying of mines|planting of landmines|placement of explosive
    devices}, {hostile propaganda|incitement|inflammatory broadcasts} and {the recruitment of new
    fighters|any new recruitment|the mobilisation of additional combatants} {in|within|inside}
    <DISTRICT>
{Any|Each|Every} {alleged violation|reported breach|complaint of a violation} <SHALL> be {reported
    to|notified to|referred to} <BODY> {within|no later than|before the end of} <HOURS>, {and that
    body|and it|which} <SHALL> {investigate|examine|look into} it {on the spot|in the field|at the
    site} and {publish|issue|release} its {findings|conclusions|report} {within|in the
    following|after no more than} <DURATION>
{Heavy weapons|Artillery and mortars|Tanks and heavy artillery} <SHALL> be {withdrawn|pulled
    back|moved} {at least|no less than|a minimum of} <KM> {from|away from|behind} the {line of
    contact|front line|line of separation} {near|around|in the vicinity of} <TOWN>
  + {within|no later than|in} <HOURS> {of|after|following} {signature|the signing of this Agreement}
[security]
{Combatants|Fighters|Members of the armed formations} of <MOV> <SHALL> {assemble|gather|be
    concentrated} in {cantonment sites|assembly areas|designated camps} {at|near|close to} <TOWN>
    and <TOWN2>, {where|in which} they <SHALL> be {registered|enrolled|recorded} and {provided
    with|given|supplied with} {food, shelter and medical care|rations, housing and health
    services|provisions and medical assistance}
A {joint|combined|mixed} {security|military|defence} {committee|commission|board} {composed of|made
    up of|consisting of} <COUNT> {officers|representatives|members} {from each side|of each
    Party|per side} <SHALL> {oversee|supervise|coordinate} the {integration|absorption|merger} of
    {eligible|qualified|vetted} {combatants|former fighters|members of the Movement's forces} into
    the {national army|armed forces|defence forces} of <COUNTRY>
{Integrated|Joint|Mixed} {units|battalions|brigades} <SHALL> be {deployed|stationed|posted} in
    <DISTRICT>, {with|having} {command|leadership|officer posts} {shared equally|divided
    evenly|split in equal parts} between {officers|commanders} {from|of} both {sides|Parties}
  + {for a transitional period of|during the first|for} <DURATION>
{Neither|No} {Party|side} <SHALL> {maintain|keep|retain} {armed groups|militias|paramilitary
    formations} {outside|beyond|apart from} the {agreed|established|approved}
    {structures|arrangements|framework}, and {any|all} {irregular forces|auxiliary
    units|self-defence groups} {operating|present|active} in <REGION> <SHALL> be
    {disbanded|dissolved|dismantled}
{Vetting|Screening|Verification} of {officers|personnel|commanders} {for|with regard to|as to} {past
    abuses|human rights violations|serious crimes} <SHALL> be {carried out|conducted|undertaken} by
    an {independent|impartial|autonomous} {panel|board|commission} {before|prior to|ahead of}
    {any|their} {appointment|integration|assignment} {to|in} the {new|reformed|unified} {security
    services|security sector|armed forces} in <DISTRICT>
[disarmament]
{All|The} {weapons|arms|firearms} and {ammunition|munitions|explosives} {held by|in the possession
    of|belonging to} <MOV> <SHALL> be {handed over|surrendered|delivered} to <ORG> {at|in}
    {collection points|designated sites|storage depots} {in|within} <DISTRICT>
  + {in|over|across} {three|several|successive} {phases|stages|rounds}
    {completed|concluded|finished} {within|over a period of|in} <DURATION>
{Weapons|Arms} {collected|gathered|received} {at|near|around} <TOWN> <SHALL> be
    {recorded|registered|listed} {by serial number|individually|one by one}, {stored|kept|held}
    {under|with} {double|dual|two-key} {locks|locking|custody} and {destroyed|decommissioned|put
    beyond use} {in the presence of|witnessed by|before} {observers|monitors|witnesses} from <ORG>
{Demobilised|Former|Disarmed} {combatants|fighters|members of armed groups} <SHALL> {receive|be entitled to|be
    given} a {reinsertion|transitional|resettlement} {allowance|package|grant} {for|during|over}
    <DURATION> and {access to|the opportunity of|a place in} {vocational training|skills
    training|education programmes} {in|at} <TOWN>
{Children|Minors|Persons under eighteen years of age} {associated with|recruited by|serving in}
    {armed forces or groups|any armed group|the fighting forces} in <REGION> <SHALL> be
    {released|separated|discharged} {immediately|without delay|at once} and {handed
    over|entrusted|referred} to {child protection agencies|UNICEF|social services} {for|with a view
    to} {family reunification|return to their families|reintegration}
{Communities|Villages|Local councils} in <DISTRICT> <SHALL> be {consulted|involved|engaged} in the
    {design|planning|preparation} of {reintegration|community reintegration|local recovery}
    {projects|programmes|schemes}, {so that|in order that|to ensure that}
    {returning|former|demobilised} {fighters|combatants} and their {neighbours|host
    communities|fellow residents} {benefit alike|share the benefits|gain equally}
[power]
{A|The} {Government of National Unity|transitional government|power-sharing executive} <SHALL> be
    {formed|constituted|established} {within|no later than|in} <DURATION>,
    {with|allocating|reserving} <SHARE> of {ministerial posts|cabinet portfolios|government
    ministries} {for|to} <MOV>
The {post|office|position} of {Vice-President|Deputy Prime Minister|First Vice-President} <SHALL> be
    {held by|reserved for|filled by} a {nominee|candidate|person designated} of <MOV>, who <SHALL>
    {chair|preside over|lead} the {council|committee|cabinet committee} on {reconstruction|economic
    recovery|the return of displaced persons} in <REGION>
{Decisions|Resolutions} of the {Council of Ministers|cabinet|executive} on {matters of|questions
    of|issues concerning} {security|the budget|the constitution} <SHALL> {require|need|be taken by}
    a {two-thirds majority|qualified majority|consensus} {including|with the agreement of|with the
    consent of} {ministers|members} {from|of} both {Parties|sides}
  + {during|throughout|for} the {transitional period|interim period|transition}
<REGION> <SHALL> {enjoy|have|be granted} {autonomy|self-government|a special status} {in|over|for}
    {education, culture and local policing|schools, language and local security|cultural affairs,
    education and community policing}, {exercised|administered|run} by an {elected|directly
    elected|popularly elected} {regional assembly|regional council|local legislature}
    {seated|sitting|based} {in|at} <TOWN>
{Appointments|Nominations|Recruitment} to the {civil service|public administration|state
    institutions} in <DISTRICT> <SHALL> {reflect|take account of|mirror} the
    {composition|make-up|diversity} of the {local|resident|district}
    {population|community|inhabitants}
  + {according to|on the basis of|in line with} {a census|a population survey|figures}
    {conducted|carried out|completed} {within|in|before the end of} <DURATION>
[elections]
{General|National|Presidential and legislative} elections <SHALL> be {held|organised|conducted}
    {within|no later than|before the end of} <DURATION> {after|following|from} the
    {signing|signature|entry into force} of this {Agreement|Protocol|accord}
  + {under|according to|in accordance with} a {revised|new|reformed} {electoral law|election
    law|electoral code} {agreed|adopted|approved} by {both Parties|the two sides|the Parties}
An {independent|impartial|autonomous} {Electoral Commission|Election Commission|electoral management
    body} {of|made up of|comprising} <COUNT> {members|commissioners}, {appointed|nominated|selected}
    {by consensus|jointly|by agreement} {of|between} the Parties, <SHALL> {organise|administer|run}
    the {elections|ballot|polls} in <REGION> and {announce|publish|declare} the {results|outcome}
    {by|at the level of|for each} {polling station|constituency|district}
{Displaced persons|Internally displaced persons|Persons displaced by the conflict} <SHALL> be
    {entitled|allowed|permitted} to {vote|cast their ballots|register and vote} {in|for} their
    {constituencies of origin|home districts|places of origin}, {including|in particular|notably}
    {those|people|voters} {from|originating from|who fled} <TOWN>
  + {through|by means of|using} {special polling stations|mobile voting centres|absentee ballots}
{Candidate lists|Party lists|Lists of candidates} {for|in} <DISTRICT> <SHALL>
    {include|contain|comprise} {at least|no fewer than|a minimum of} <SHARE> {women|female
    candidates}, {placed|ranked|positioned} {in|at|among} {eligible|winnable|electable}
    {positions|places|ranks}
<ORG> <SHALL> be {invited|asked|requested} to {deploy|send|dispatch} {observers|an observation
    mission|monitors} {to|in} <REGION> {to|in order to|so as to} {assess|report on|evaluate} the
    {fairness|freedom and fairness|integrity} of the {campaign|process|electoral process}
  + {at least|no less than|a minimum of} <DURATION> {before|ahead of|prior to} {polling day|the
    vote|the elections}
[land]
A {Land|Property|Land and Property} {Commission|Claims Commission|Tribunal} <SHALL> be
    {established|set up|created} {in|at} <TOWN> to {register|record|receive}
    {claims|applications|petitions} {to|concerning|relating to} {land and houses|property|homes and
    farmland} {lost|seized|abandoned} {during|in the course of|because of} the conflict and to
    {decide|rule|adjudicate} {on|upon} them
  + {within|in no more than|before the expiry of} <DURATION>
{Owners|Rightful owners|Pre-war owners} {in|from} <DISTRICT> <SHALL> {be entitled to|have the right
    to|be able to claim} the {restitution|return|restoration} of their {property|land|holdings}, or,
    {where|when|if} {restitution|return} is {impossible|not feasible|not possible},
    {fair|adequate|just} {compensation|reparation|indemnity} {paid|provided|granted}
    {from|through|out of} a {dedicated|special|joint} {fund|trust fund|compensation fund}
{Customary|Traditional|Communal} {land rights|tenure|rights to land} {of|held by|belonging to}
    {pastoralist|herding|farming} {communities|groups|clans} in <DISTRICT> <SHALL> be
    {recognised|acknowledged|respected} and {mapped|surveyed|demarcated} {jointly|together|in
    cooperation} with {local elders|traditional authorities|community leaders} of <TOWN>
{No|Not any} {transfer|sale|lease} of {public|state|communal} land in <REGION> <SHALL> {take
    place|occur|be authorised} {until|before|prior to} the {completion|conclusion|end} of the {land
    survey|cadastral survey|registration of titles}
  + {unless|except where|save when} {approved|endorsed|agreed} by the {regional|district|local}
    {council|assembly|authorities}
{Secondary occupants|Persons occupying|Families living in} {houses|properties|homes} {belonging
    to|owned by|of} {displaced|absent|departed} {owners|families|persons} in <TOWN> <SHALL> be
    {offered|provided with|given} {alternative accommodation|other housing|suitable housing}
    {before|prior to|ahead of} {any|their} {eviction|removal|relocation}
[water]
<PARTIES> <MUST> {establish|set up|create|constitute} a {joint|common|shared} {water committee|water
    commission|river basin council} {composed of|made up of|consisting of} {an equal number of|equal
    numbers of|the same number of} {representatives|delegates|members} {from|of} {both sides|each
    side|each community}, which <SHALL> {allocate|apportion|share out|divide} the
    {flow|waters|discharge} of <RIVER> between {upstream and downstream|upper and lower}
    {communities|villages|settlements} {each season|every season|on a seasonal basis}
{Dams|Reservoirs|Irrigation works} on <RIVER> <SHALL> be {operated|managed|run} {jointly|in
    common|together}, and {neither|no} {Party|side} <SHALL> {divert|withhold|reduce} {water|the
    flow|supplies} {to the detriment of|at the expense of|in a manner harmful to} {downstream|lower}
    {users|communities|villages} {near|around|close to} <TOWN>
{Wells|Boreholes|Water points} and {pipelines|water mains|supply networks}
    {damaged|destroyed|ruined} {during|in|by} the {fighting|conflict|hostilities} in <DISTRICT>
    <SHALL> be {repaired|rehabilitated|restored} {as a matter of priority|with priority|urgently}
  + {with|through|using} {funds|financing|resources} {provided|pledged|made available} by
    <GUARANTOR>
{Data|Information|Measurements} on {rainfall|precipitation|river levels}, {water
    quality|pollution|contamination} and {withdrawals|abstractions|water use} {from|of|along}
    <RIVER> <SHALL> be {shared|exchanged|made available} {between|among} the Parties <PERIOD>
{Grazing|Pasture|Livestock} {corridors|routes|passages} {to|towards|leading to} {the river|watering
    points|the water sources} {near|at|around} <TOWN> <SHALL> {remain open|be kept open|stay
    accessible} {to|for} {herders|pastoralists|cattle keepers} {during|throughout|in} the {dry
    season|dry months|season of drought}
[returns]
{Refugees|Displaced persons|Refugees and internally displaced persons} <SHALL> {have the right to|be
    free to|be entitled to} {return|go back} {voluntarily|of their own free will|freely}, in
    {safety|security|conditions of safety} and {dignity|honour}, to their {homes|places of
    origin|former homes} in <TOWN> and <TOWN2>
<ORG> <SHALL> {assist|help|support} {returnees|returning families|those who return} to <DISTRICT>
    {with|by providing|through} {transport|transportation|travel}, {seeds and tools|agricultural
    inputs|farming supplies} and {food rations|food assistance|food aid}
  + {for|during|over} {the first|an initial|a period of} <DURATION> {after|following|upon} {their
    return|arrival|resettlement}
{Returnees|Returning persons|Those returning} <SHALL> not be {subjected to|exposed to|made subject
    to} {discrimination|harassment|reprisals} {on account of|because of|by reason of} their
    {ethnicity|origin|political affiliation}, and {local authorities|municipal authorities|district
    officials} in <DISTRICT> <SHALL> {issue|provide|deliver} {identity documents|civil
    documentation|personal documents} {free of charge|without charge|at no cost}
{Joint|Mixed|Inter-communal} {return|returns|reconciliation} {committees|councils|working groups}
    <SHALL> be {formed|set up|established} in {each|every} {village|municipality|locality} of
    <DISTRICT> to {prepare|plan|organise} {returns|the return process|homecoming} {together with|in
    consultation with|with} {the families who stayed|remaining residents|host communities}
{Schools|Clinics|Public buildings}, {roads|bridges|markets} and {electricity|power lines|the
    electricity grid} in {areas of return|return areas|localities receiving returnees}
    {around|near|in} <TOWN> <SHALL> be {rebuilt|reconstructed|restored} {before|ahead of|prior to}
    {large-scale|mass|organised} {returns|return movements}
  + {with|through|by means of} a {reconstruction fund|trust fund|recovery fund}
    {administered|managed|overseen} by <ORG>
[justice]
A {Truth and Reconciliation Commission|Truth Commission|Commission for Truth, Justice and
    Reconciliation} <SHALL> be {established|created|set up} to {investigate|examine|establish the
    facts of} {serious|grave|gross} {violations|abuses} of human rights
    {committed|perpetrated|carried out} in <REGION> and to {hear|receive|record} the
    {testimony|accounts|statements} of {victims|survivors|victims and witnesses} {in|at} <TOWN>
  + {within|in|over} <DURATION>
{Amnesty|Immunity from prosecution|Pardon} <SHALL> not {extend to|cover|apply to} {war
    crimes|genocide}, {crimes against humanity|torture|enforced disappearance} or {sexual
    violence|rape|sexual and gender-based violence} {committed|perpetrated} {in|during the fighting
    in} <DISTRICT>
{Victims|Survivors|Families of victims} {from|in} <TOWN> <SHALL> be {entitled to|granted|eligible
    for} {reparations|redress|compensation}, {including|such as|in particular} {medical and
    psychological care|health care and counselling|rehabilitation}, {memorials|commemoration|public
    acknowledgement} and {restitution|financial compensation|material assistance}
  + {through|by means of|under} a {national|special|dedicated} {reparations programme|victims'
    fund|reparation scheme} {financed|funded|supported} by <GUARANTOR>
The {fate|whereabouts|fate and whereabouts} of {missing persons|the disappeared|persons reported
    missing} <SHALL> be {established|clarified|determined} by a {joint|humanitarian|special}
    {commission|mechanism|working group} {with|given|granted} {access to|entry to|the right to
    inspect} {all|any|every} {sites|places of detention|mass graves} {in|within|across} <REGION>
{Members of the security forces|Officials|Public servants} {found|shown|proven} to have
    {committed|taken part in|been responsible for} {serious|grave} {abuses|violations|crimes} in
    <DISTRICT> <SHALL> be {removed|dismissed|suspended} from {office|their posts|public service}
    {pending|until|before} {trial|judicial proceedings|the outcome of proceedings}
[detainees]
{Each|Either} {Party|side} <SHALL> {release|free|set free} {all|the} {persons|detainees|prisoners}
    {it holds|detained by it|in its custody} {in connection with|because of|as a result of} the
    conflict, {including|in particular|notably} {those|the persons} {held|detained} {in|at} <TOWN>
  + {within|no later than|in} <DURATION>
  + {under|with|through} the {supervision|good offices|mediation} of <ORG>
{Lists|Full lists|Complete lists} of {detainees|prisoners|persons deprived of liberty},
    {with|including|giving} their {names|identities|full names} and {places of
    detention|location|the place where they are held}, <SHALL> be {exchanged|handed over|shared}
    {through|via|by means of} <ORG>
  + {within|before the end of|no later than} <HOURS>
<ORG> <SHALL> {have|be granted|enjoy} {unimpeded|unrestricted|full} {access|entry} to
    {all|any} {places of detention|detention centres|prisons} {in|within|across} <REGION> and
    {may|can|is free to} {interview|meet|speak with} {detainees|prisoners} {in private|without
    witnesses|alone}
{Released|Freed|Former} {detainees|prisoners} <SHALL> not be {re-arrested|detained again|arrested
    anew} {on the same grounds|for the same acts|for the same conduct} and <SHALL> {receive|be
    given|obtain} {transport|travel assistance|safe passage} {to|back to|home to} <TOWN>
[humanitarian]
{Humanitarian|Relief|Aid} {organisations|agencies|workers} <SHALL> be {granted|given|allowed}
    {safe|secure|protected}, {rapid|prompt|timely} and {unimpeded|unhindered|unrestricted}
    {access|passage} to {civilians|people|populations} in {need|distress} {in|throughout|across}
    <DISTRICT>
{Checkpoints|Roadblocks|Control posts} on the {road|highway|route} {between|linking|connecting}
    <TOWN> and <TOWN2> <SHALL> be {removed|dismantled|lifted}
  + {within|no later than|in} <HOURS> {after|of|following} {signature|the signing of this
    Agreement|the entry into force of the ceasefire}
{Convoys|Humanitarian convoys|Relief convoys} {bound for|travelling to|destined for} <TOWN> <SHALL>
    be {notified|announced|declared} to {both Parties|the two sides|the Parties} {in
    advance|beforehand|ahead of time} and <SHALL> not be {searched|inspected|stopped}
    {except|save|other than} {at|in} {agreed|designated|jointly manned} {points|locations|crossings}
{Medical|Health} {personnel|workers|staff}, {ambulances|medical vehicles|hospital transport} and
    {hospitals|clinics|health facilities} <SHALL> be {protected|respected|spared} {at all times|in
    all circumstances|without exception}, and {the wounded|injured civilians|the sick and wounded}
    {from|in|of} <TOWN> <SHALL> be {evacuated|transferred|moved} {without
    delay|promptly|immediately}
A {humanitarian|joint humanitarian|humanitarian coordination} {cell|committee|working group}
    {chaired|led|convened} by <ORG> <SHALL> {meet|convene|sit} <PERIOD> {in|at} <TOWN> to
    {review|assess|resolve} {obstacles|impediments|problems} to {the delivery of aid|relief
    operations|humanitarian access}
[monitoring]
A {Joint Monitoring Commission|Ceasefire Monitoring Mission|Joint Verification Mechanism} {composed
    of|comprising|including} {representatives|members|delegates} of {both Parties|the two sides|the
    Parties} and {chaired|presided over|led} by <ORG> <SHALL> {monitor|verify|oversee} the
    {implementation|application|observance} of this {Agreement|Protocol} in <REGION>
{Monitors|Observers|Members of the mission} <SHALL> {enjoy|have|be accorded} {freedom of
    movement|unrestricted movement|free movement} {throughout|across|in all parts of} <REGION>,
    {including|in particular|notably} {in|to} {the areas|the zone|localities}
    {around|near|surrounding} <TOWN>, {without|with no need for|not requiring} {prior notice|advance
    notification|escort}
<BODY> <SHALL> {establish|open|set up} {regional|field|local} {offices|teams|branches} in <TOWN> and
    <TOWN2>, {each|every one} {staffed|manned|composed} by <COUNT> {monitors|observers|officers}
  + {within|no later than|in} <DURATION> {of|after|following} its {establishment|creation|formation}
<BODY> <SHALL> {submit|present|deliver} {a report|reports|a written report} on {its findings|the
    state of implementation|compliance} in <DISTRICT> to <GUARANTOR> and to the {Parties|two
    sides|signatories} <PERIOD> and {make|render} {it|them} {public|available to the
    public|accessible to the public}
{Disputes|Disagreements|Differences} {over|concerning|about} the
    {interpretation|application|meaning} of this {Agreement|Chapter|Protocol} <SHALL> be
    {referred|submitted|brought} to <BODY>, {and its|whose} {decision|ruling|determination} <SHALL>
    be {final|binding|conclusive}
  + {failing|in the absence of} {settlement|agreement} {within|in} <DURATION>
[heritage]
{Places of worship|Religious sites|Mosques, churches and shrines}, {cemeteries|burial
    grounds|graveyards} and {historic monuments|heritage sites|cultural monuments} in <TOWN> <SHALL>
    be {protected|safeguarded|preserved} and {open|accessible|made accessible} to
    {pilgrims|worshippers|visitors} of all {communities|faiths|denominations}
{Manuscripts|Archives|Collections}, {artefacts|objects|works of art} and
    {records|documents|registers} {removed|taken|looted} {from|out of} {the museum|libraries|the
    archives} of <TOWN> {during|in the course of} the conflict <SHALL> be {returned|restored|given
    back}
  + {with|through|under} the {assistance|expertise|help} of <ORG>
The {languages|mother tongues|languages and dialects} of {all|the various} {communities|peoples} of
    <REGION> <SHALL> be {recognised|protected|promoted} {in|for use in}
    {education|schools|teaching}, {local administration|public administration|the courts} and
    {public broadcasting|the media|radio and television}
A {joint|shared|bi-communal} {heritage|cultural heritage} {committee|council|board} <SHALL>
    {identify|list|survey} {damaged|endangered|threatened} {sites|monuments} {in|across|throughout}
    <DISTRICT> and {propose|recommend|plan} their {restoration|rehabilitation|repair}
  + {within|in|over} <DURATION>
{Religious|Traditional|Cultural} {festivals|holidays|celebrations} of {every|each} {community|faith}
    <SHALL> be {respected|honoured|observed} {as|like|in the same way as} {public holidays|official
    holidays|national holidays}, and {pilgrimages|processions|gatherings} {to|towards|at} <TOWN>
    <SHALL> be {facilitated|permitted|allowed}
[economy]
{Revenues|Income|Receipts} {from|derived from|generated by} {oil|mining|natural resources} in
    <REGION> <SHALL> be {shared|divided|allocated} {between|among} the {national|central}
    {government|treasury} and the {region|regional authorities|local governments}, with <SHARE>
    {going to|allocated to|retained by} the {region|producing areas|local communities}
A {Reconstruction|Recovery|Development} {Fund|Trust Fund} {for|dedicated to} <REGION>,
    {financed|funded|supported} by <GUARANTOR> and {other|international|partner}
    {donors|partners|contributors}, <SHALL> {finance|fund|support} {roads|infrastructure|public
    works}, {schools|education|clinics} and {livelihoods|jobs|income-generating projects}
{Priority|Preference|Precedence} <SHALL> be {given|accorded|granted} {in|for} {public
    works|reconstruction contracts|recovery projects} to {local|resident|district}
    {workers|labourers|firms} {from|in|of} <DISTRICT>, {including|with special attention
    to|particularly} {women|youth|young people} and {former combatants|ex-fighters|demobilised
    fighters}
{Trade|Commerce|Movement of goods} {between|across} <TOWN> and <TOWN2> <SHALL> be
    {restored|resumed|reopened} {without|free from|free of} {tolls|levies|illegal taxes}
    {imposed|collected|levied} by {armed groups|checkpoints|any armed actor}
  + {within|no later than|in} <DURATION>
[policing]
{Community|Local|Neighbourhood} police {units|services|stations} <SHALL> be
    {recruited|drawn|staffed} {locally|from the local population|from among residents} in <DISTRICT>
    and {trained|instructed|prepared} {jointly|together|in common}, {with women making up|with women
    forming|with women accounting for} {at least|no less than} <SHARE> of {each|every}
    {unit|force|station}
{Police|Law enforcement|Police officers} <SHALL> {respect|uphold|observe} {international|universal}
    {human rights standards|norms of human rights|human rights law} and <SHALL> be
    {accountable|answerable|subject} to a {civilian|independent|public}
    {oversight|complaints|review} {board|commission|body} {based|seated|sitting} in <TOWN>
{Police|Officers|Policing} {patrols|teams} in {areas|localities|zones} of
    {mixed|diverse|inter-communal} {population|settlement|residence} {around|near|in} <TOWN> <SHALL>
    be {composed of|made up of|drawn from} {officers|members|personnel} {from|of|belonging to}
    {all|both|every} {communities|groups}
[generic]
<BODY> <SHALL> {adopt|establish|draw up} its {rules of procedure|internal rules|working methods}
    {at|during|in the course of} its {first|inaugural|opening} {meeting|session|sitting}, to be
    {held|convened} in <TOWN>
  + {within|no later than|in} <DURATION> {of|after|following} {signature|the entry into force of
    this Agreement}
The {budget|costs|expenses} of <BODY> <SHALL> be {borne|covered|met} {jointly|in equal
    parts|equally} by the Parties, {with|assisted by|supplemented by}
    {contributions|support|financing} {from|of|provided by} <GUARANTOR>
<BODY> <SHALL> {take|adopt|make} its {decisions|resolutions} by {consensus|agreement}; {failing|in
    the absence of|without} {consensus|agreement}, the {matter|question|issue} <SHALL> be
    {referred|submitted|passed} to <ORG> {for|in order to obtain|to receive} {a ruling|a
    decision|arbitration}
<BODY> <SHALL> {consist of|comprise|be composed of} <COUNT> {members|commissioners|persons of
    standing}, {appointed|nominated|chosen} {equally|in equal numbers|on a parity basis} by the
    Parties, and {at least|no fewer than} <SHARE> of them <SHALL> be women
[statement]
The {delegations|two delegations|parties} {held|conducted|had} {talks|discussions|consultations} in
    <TOWN> on <DATE> {in|under|with} {a constructive atmosphere|a spirit of mutual respect|a frank
    and cordial atmosphere}, {facilitated|hosted|assisted} by <GUARANTOR>
The {Government|Ministry of Foreign Affairs} of <COUNTRY> {welcomes|notes with
    satisfaction|acknowledges} the {progress|advances|steps} {achieved|made|taken} {on|regarding|in
    relation to} {the return of displaced persons|the release of detainees|the ceasefire}
    {in|around|within} <DISTRICT>
The {sides|Parties|delegations} {agreed|decided|resolved} to {meet again|reconvene|hold the next
    round} {in|at} <TOWN> {within|before the end of|in} <DURATION> {to|in order to|so as to}
    {continue|pursue|resume} {discussions|talks|negotiations} on {power sharing|security
    arrangements|land and property}
The {Ministry|Government|spokesperson} {condemns|deplores|strongly condemns} the
    {attack|incident|shelling} {on|against|near} <TOWN> on <DATE>, {which|that} {caused|resulted
    in|led to} {civilian casualties|the deaths of civilians|loss of civilian life}, and {calls
    on|urges|appeals to} {all parties|all sides|every party} to {exercise restraint|show
    restraint|refrain from escalation}
The {sides|delegations} {expressed|conveyed|extended} their {gratitude|thanks|appreciation} to
    <GUARANTOR> {for hosting the talks|for its hospitality|for its hospitality and support} and to
    <ORG> for {its|their} {technical|logistical|expert} {support|assistance|advice}
[final]
This {Agreement|Protocol|Memorandum} <SHALL> {enter into force|take effect|become effective}
    {upon|on|from the date of} {signature|its signing|signing} and <SHALL> {remain|stay|continue} in
    force {until|pending|up to} the {adoption|entry into force|promulgation} of a new constitution
{Amendments|Changes|Modifications} to this {Agreement|Protocol} <SHALL> {require|need|be subject to}
    the {written|express|formal} {consent|agreement|approval} of {both Parties|all signatories|the
    Parties} and <SHALL> be {communicated|notified|transmitted} to <GUARANTOR>
This {Agreement|Protocol} {is done|is signed} in <TOWN> on <DATE> in {three|two|four} {original
    copies|originals|copies}, in the {official languages|languages} of <COUNTRY> and in English,
    {all texts being equally authentic|each text being equally authentic|all versions having equal
    validity}
<GUARANTOR> and <ORG> {sign|witness|countersign} this {Agreement|Protocol} as
    {guarantors|witnesses|guarantors of its implementation} and {undertake|pledge|commit themselves}
    to {support|assist|accompany} its {implementation|application|execution}
"""


def _templates(text: str) -> tuple[Template, ...]:
    """ "[topic]" starts a topic; a line at the margin starts a template, "  + " one of its modifiers, and
    an indented line continues the one before (joined with a space)."""
    out: list[tuple[str, str, list[str]]] = []
    topic = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("["):
            topic = line.strip()[1:-1]
        elif line.startswith("  + "):
            out[-1][2].append(line[4:])
        elif line.startswith("    "):
            if out[-1][2]:
                out[-1][2][-1] += " " + line.strip()
            else:
                out[-1] = (out[-1][0], out[-1][1] + " " + line.strip(), out[-1][2])
        else:
            out.append((topic, line, []))
    return tuple((t, main, tuple(mods)) for t, main, mods in out)


# Every topical provision may end with an anchor: more places, a road, an earlier accord (see ANCHORS).
ALL_TEMPLATES: tuple[Template, ...] = tuple(
    (t, main, (*mods, "<ANCHOR>") if t in TOPICS or t == "statement" else mods)
    for t, main, mods in _templates(TEMPLATE_TEXT)
)
_BY_TOPIC: dict[str, list[int]] = {}
for _i, (_topic, _, _) in enumerate(ALL_TEMPLATES):
    _BY_TOPIC.setdefault(_topic, []).append(_i)

_PART = re.compile(r"\{([^{}]*)\}|<([A-Z0-9]+)>")


def _parse(text: str) -> list[tuple[str, object]]:
    """Literal text ("L", str), synonym sets ("G", options) and slots ("S", name), in order."""
    out: list[tuple[str, object]] = []
    position = 0
    for match in _PART.finditer(text):
        if match.start() > position:
            out.append(("L", text[position : match.start()]))
        if match.group(1) is not None:
            out.append(("G", tuple(match.group(1).split("|"))))
        else:
            out.append(("S", match.group(2)))
        position = match.end()
    if position < len(text):
        out.append(("L", text[position:]))
    return out


_PARSED: list[tuple[list[tuple[str, object]], list[list[tuple[str, object]]]]] = [
    (_parse(main), [_parse(m) for m in mods]) for _, main, mods in ALL_TEMPLATES
]
_GROUPS: list[list[int]] = [  # per template: the number of options of each synonym set, main then mods
    [len(v) for seg in [main, *mods] for kind, v in seg if kind == "G"]  # type: ignore[arg-type]
    for main, mods in _PARSED
]

MODALS = {
    "MUST": ("shall", "shall", "will", "undertake to", "agree to"),
    "SHALL": ("shall", "shall", "will", "must"),
}
MODALS_T2 = ("should", "would", "could", "ought to")
SPECIFIC = ("TOWN", "DISTRICT", "RIVER", "REGION", "MOV", "TOWN2", "ANCHOR")  # what identifies a clause
ANCHOR_SHARE = 0.75  # of topical provisions (and statements) have one
GENERIC_SHARE = 0.08  # of an article's clauses are implementation boilerplate (any topic)
PLANTABLE = (*TOPICS, "preamble", "statement")  # what Track Two passages paraphrase (not boilerplate)
ANCHORS = (  # the same anchor in three wordings; {a}, {b}: towns, {d}: a date
    ("beginning with {a} and {b}", "starting with {a} and {b}", "first of all in {a} and {b}"),
    (
        "in consultation with the council of {a}",
        "after consulting the local council of {a}",
        "together with the elders of {a}",
    ),
    (
        "as agreed at the meeting held in {a} on {d}",
        "as decided at the session in {a} on {d}",
        "in line with what was agreed in {a} on {d}",
    ),
    (
        "including along the road from {a} to {b}",
        "in particular on the highway between {a} and {b}",
        "notably on the route linking {a} and {b}",
    ),
    (
        "with priority for the villages around {a} and {b}",
        "giving precedence to the communities near {a} and {b}",
        "above all in the localities surrounding {a} and {b}",
    ),
    ("in keeping with the {a} Accord", "consistent with the {a} Accord", "as foreseen in the {a} Accord"),
)
GENERIC_WORDS = {
    "TOWN": ("the town", "the locality"),
    "TOWN2": ("the neighbouring town", "the other town"),
    "DISTRICT": ("the district", "the area"),
    "REGION": ("the region", "the province"),
    "RIVER": ("the river", "the shared river"),
    "MOV": ("the movement", "the armed movement"),
    "GUARANTOR": ("the mediator", "the facilitating state"),
    "ORG": ("an international organisation", "the international partners"),
    "BODY": ("the joint body", "the mechanism"),
    "COUNTRY": ("the country",),
    "DATE": ("the agreed date",),
    "DURATION": ("a fixed period", "an agreed time"),
    "HOURS": ("a short time", "a matter of hours"),
    "PERIOD": ("regularly", "at regular intervals"),
    "SHARE": ("a fair share", "a significant share"),
    "COUNT": ("several", "a number of"),
    "KM": ("a safe distance",),
}


@dataclass(frozen=True)
class Clause:
    """A provision as generated: enough to render it again in other words."""

    template: int
    choices: tuple[int, ...]
    slots: tuple[tuple[str, tuple[str, ...]], ...]  # slot → its phrasings; [0] is the one used in the text
    front: bool  # the first modifier before the main clause

    def key(self) -> tuple[object, ...]:
        """Template and names: two clauses with the same key say the same thing of the same places."""
        return (self.template, *(v[0] for k, v in self.slots if k in SPECIFIC))


def render(
    clause: Clause,
    choices: Sequence[int] | None = None,
    slots: dict[str, str] | None = None,
    *,
    front: bool | None = None,
    mods: bool = True,
    modal: str | None = None,
    rng: random.Random | None = None,
    capital: bool = True,
) -> str:
    """The clause as a sentence; a paraphrase passes other choices, slot phrasings and a Track Two modal."""
    main, modifiers = _PARSED[clause.template]
    picks = list(clause.choices if choices is None else choices)
    values = {k: v[0] for k, v in clause.slots} if slots is None else slots
    counter = iter(picks)
    pieces: list[str] = []
    for segment in [main, *(modifiers if mods else [])]:
        out: list[str] = []
        for kind, value in segment:
            if kind == "L":
                out.append(value)  # type: ignore[arg-type]
            elif kind == "G":
                out.append(value[next(counter)])  # type: ignore[index]
            elif value in MODALS:
                if modal is not None:
                    out.append(modal)
                else:
                    assert rng is not None
                    out.append(rng.choice(MODALS[value]))  # type: ignore[index]
            else:
                out.append(values[value])  # type: ignore[index]
        pieces.append("".join(out))
    main_name = _starts_with_name(main)
    text, first_name = pieces[0], main_name
    extra = pieces[1:]
    if extra and extra[0] and (clause.front if front is None else front):
        text = f"{_cap(extra[0])}, {_decap(text, main_name)}"
        first_name = _starts_with_name(modifiers[0])
        extra = extra[1:]
    for piece in extra:
        text = f"{text} {piece}" if piece else text
    return f"{_cap(text)}." if capital else f"{_decap(text, first_name)}."


def _starts_with_name(segment: list[tuple[str, object]]) -> bool:
    """The segment opens with a name (kept as it is after "that ..."), not with a common word."""
    return bool(segment) and segment[0][0] == "S" and segment[0][1] not in (*MODALS, "PARTIES", "ANCHOR")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _decap(text: str, name: bool) -> str:
    return text if name else text[:1].lower() + text[1:]


# ---------------------------------------------------------------------------------------------------
# A fictional world: six conflicts, each with its own places, rivers and movements.

_ONSETS = "b d g k l m n r s t v z dr kr st br tr sh kh gr h p f y"  # split on spaces
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou", "ia")
_CODAS = ("", "", "n", "r", "l", "s", "m", "k", "sh", "v", "t", "nd", "rn", "st", "z")
_SUFFIXES = (
    "",
    "",
    "",
    "",
    "",
    "",
    "ovo",
    "ica",
    "abad",
    "grad",
    "ar",
    "el",
    "ine",
    "um",
    "ara",
    "esh",
    "ani",
    "ok",
)
_MONTHS = tuple(calendar.month_name)[1:]
_ROUNDS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth")
DURATIONS = (
    ("thirty days", "one month", "a month"),
    ("forty-five days", "six weeks", "a month and a half"),
    ("sixty days", "two months"),
    ("ninety days", "three months", "a quarter of a year"),
    ("one hundred and twenty days", "four months"),
    ("six months", "half a year", "one hundred and eighty days"),
    ("nine months", "three quarters of a year"),
    ("one year", "twelve months", "a year"),
    ("eighteen months", "a year and a half"),
    ("two years", "twenty-four months"),
    ("three years", "thirty-six months"),
)
HOURS = (
    ("twenty-four hours", "one day", "a day"),
    ("forty-eight hours", "two days"),
    ("seventy-two hours", "three days"),
    ("ninety-six hours", "four days"),
)
PERIODS = (
    ("every month", "monthly", "once a month"),
    ("every three months", "quarterly", "once a quarter"),
    ("every six months", "twice a year", "semi-annually"),
    ("once a year", "annually", "every year"),
    ("every two weeks", "fortnightly", "twice a month"),
)
SHARES = (
    ("one third", "a third", "thirty-three per cent"),
    ("forty per cent", "two fifths"),
    ("half", "fifty per cent"),
    ("a quarter", "twenty-five per cent", "one fourth"),
    ("thirty per cent", "nearly a third"),
    ("sixty per cent", "three fifths"),
    ("twenty per cent", "one fifth", "a fifth"),
)
COUNTS = (
    ("five", "5"),
    ("seven", "7"),
    ("nine", "9"),
    ("eleven", "11"),
    ("twelve", "a dozen"),
    ("fifteen", "15"),
    ("twenty-one", "21"),
    ("three", "3"),
    ("four", "4"),
    ("six", "half a dozen"),
)
KMS = (
    ("ten kilometres", "10 km"),
    ("fifteen kilometres", "15 km"),
    ("twenty kilometres", "20 km"),
    ("thirty kilometres", "30 km"),
    ("five kilometres", "5 km"),
    ("twenty-five kilometres", "25 km"),
)
ORGS = (
    ("the United Nations", "the UN"),
    ("the International Committee of the Red Cross", "the ICRC", "the Red Cross"),
    ("the Office of the United Nations High Commissioner for Refugees", "UNHCR", "the UN refugee agency"),
    ("the Organization for Security and Co-operation in Europe", "the OSCE"),
    ("the African Union", "the AU"),
    ("the Intergovernmental Authority on Development", "IGAD"),
    ("the European Union", "the EU"),
    ("the League of Arab States", "the Arab League"),
    ("the Red Crescent Society", "the Red Crescent"),
    ("the World Food Programme", "WFP", "the UN food agency"),
    ("the United Nations Development Programme", "UNDP"),
)
MOVEMENT_KINDS = (
    "People's Movement",
    "Liberation Front",
    "National Council",
    "Democratic Alliance",
    "Popular Army",
    "Coalition for Justice",
    "Resistance Movement",
    "Union of Forces",
)
REGION_KINDS = ("Northern", "Southern", "Eastern", "Western", "Upper", "Lower", "Central", "Greater")
GUARANTOR_KINDS = (
    "the Republic of",
    "the Kingdom of",
    "the Federal Republic of",
    "the Confederation of",
    "the Sultanate of",
    "the Grand Duchy of",
)


def _word(rng: random.Random, syllables: int) -> str:
    onsets = _ONSETS.split(" ")
    out = "".join(rng.choice(onsets) + rng.choice(_VOWELS) for _ in range(syllables))
    return (out + rng.choice(_CODAS) + rng.choice(_SUFFIXES)).capitalize()


@dataclass
class Country:
    name: str
    adjective: str
    towns: list[str]
    districts: list[str]
    regions: list[str]
    rivers: list[str]
    movements: list[tuple[str, str]]  # (full name, acronym)
    people: list[str] = field(default_factory=list)


@dataclass
class World:
    countries: list[Country]
    guarantors: list[tuple[str, str, str]]  # full, short, "the X Government"


def make_world(seed: int = SEED) -> World:
    rng = random.Random(seed)
    used: set[str] = set()

    def fresh(syllables: tuple[int, ...] = (1, 2, 2)) -> str:
        while True:
            name = _word(rng, rng.choice(syllables))
            if name not in used and len(name) > 3:
                used.add(name)
                return name

    countries = []
    for _ in range(8):
        name = fresh((2,))
        adjective = name.rstrip("aeiou") + rng.choice(("an", "ian", "i", "ese"))
        movements = []
        for _ in range(3):
            full = f"{fresh()} {rng.choice(MOVEMENT_KINDS)}"
            acronym = "".join(w[0] for w in re.findall(r"[A-Z]\w*", full))
            movements.append((f"the {full}", acronym))
        people = [f"{fresh((1, 2))} {fresh((2,))}" for _ in range(30)]
        countries.append(
            Country(
                name=name,
                adjective=adjective,
                towns=[fresh() for _ in range(90)],
                districts=[fresh() for _ in range(30)],
                regions=[f"{kind} {fresh((2,))}" for kind in rng.sample(REGION_KINDS, 8)],
                rivers=[fresh((2,)) for _ in range(6)],
                movements=movements,
                people=people,
            )
        )
    guarantors = []
    for _ in range(10):
        g = fresh((2,))
        guarantors.append((f"{rng.choice(GUARANTOR_KINDS)} {g}", g, f"the {g.rstrip('aeiou')}ian Government"))
    return World(countries, guarantors)


# ---------------------------------------------------------------------------------------------------
# Documents


@dataclass(frozen=True)
class Placed:
    """A clause at [start, end) of its document's text."""

    start: int
    end: int
    clause: Clause


@dataclass
class Doc:
    id: str
    kind: str
    date: date
    text: str
    country: int
    clauses: list[Placed]


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _date_phrasings(rng: random.Random, low: date, high: date) -> tuple[str, ...]:
    d = low + timedelta(days=rng.randrange(max(1, (high - low).days)))
    month = _MONTHS[d.month - 1]
    day = min(d.day, 28)
    return (
        f"{day} {month} {d.year}",
        f"{month} {day}, {d.year}",
        f"the {_ordinal(day)} of {month} {d.year}",
    )


class _Context:
    """The names a document (or a Track Two output) uses, and a clause maker drawing on them."""

    def __init__(self, world: World, country: int, rng: random.Random, when: date) -> None:
        self.world = world
        self.c = world.countries[country]
        self.rng = rng
        self.when = when
        self.movement = rng.choice(self.c.movements)
        self.guarantor = rng.choice(world.guarantors)
        self.orgs = rng.sample(ORGS, 3)
        self.bodies = {t: rng.choice(names) for t, names in BODIES.items()}
        self.regions = rng.sample(self.c.regions, 3)  # a document is about a part of the country
        self.rivers = rng.sample(self.c.rivers, 2)
        self.districts = rng.sample(self.c.districts, 8)

    def slots(self, template: int, topic: str | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
        rng, c = self.rng, self.c
        topic = topic or ALL_TEMPLATES[template][0]
        main, mods = _PARSED[template]
        names = [v for seg in [main, *mods] for kind, v in seg if kind == "S" and v not in MODALS]
        towns = rng.sample(c.towns, 4)
        out: dict[str, tuple[str, ...]] = {}
        for name in names:
            if name in out:
                continue
            if name == "TOWN":
                out[name] = (towns[0], f"the town of {towns[0]}")
            elif name == "TOWN2":
                out[name] = (towns[1], f"the town of {towns[1]}")
            elif name == "DISTRICT":
                d = rng.choice(self.districts) if rng.random() < 0.7 else rng.choice(c.districts)
                out[name] = (f"the {d} district", f"the district of {d}", f"{d} district")
            elif name == "REGION":
                r = rng.choice(self.regions)
                out[name] = (r, f"the {r} region", f"the province of {r}")
            elif name == "RIVER":
                r = rng.choice(self.rivers)
                out[name] = (f"the {r} River", f"the {r}", f"the river {r}")
            elif name == "ANCHOR":
                if rng.random() < ANCHOR_SHARE:
                    dates = _date_phrasings(rng, self.when - timedelta(days=1500), self.when)
                    out[name] = tuple(
                        a.format(a=towns[2], b=towns[3], d=d)
                        for a, d in zip(rng.choice(ANCHORS), dates, strict=True)
                    )
                else:
                    out[name] = ("",)
            elif name == "COUNTRY":
                out[name] = (c.name, f"the Republic of {c.name}")
            elif name == "MOV":
                full, acronym = self.movement
                out[name] = (full, f"the {acronym}", f"{full} ({acronym})")
            elif name == "GUARANTOR":
                out[name] = self.guarantor
            elif name == "ORG":
                out[name] = rng.choice(self.orgs)
            elif name == "BODY":
                body = self.bodies.get(topic) or self.bodies[rng.choice(list(BODIES))]
                out[name] = (f"the {body}", f"the {body.lower()}")
            elif name == "DATE":
                out[name] = _date_phrasings(rng, self.when - timedelta(days=1500), self.when)
            elif name == "DURATION":
                out[name] = rng.choice(DURATIONS)
            elif name == "HOURS":
                out[name] = rng.choice(HOURS)
            elif name == "PERIOD":
                out[name] = rng.choice(PERIODS)
            elif name == "SHARE":
                out[name] = rng.choice(SHARES)
            elif name == "COUNT":
                out[name] = rng.choice(COUNTS)
            elif name == "KM":
                out[name] = rng.choice(KMS)
            elif name == "PARTIES":
                out[name] = (
                    "the Parties",
                    "the two Parties",
                    "the Parties",
                    "both sides",
                    "the two sides",
                    f"the Government and {self.movement[0]}",
                )
            else:  # pragma: no cover - a template with an unknown slot
                raise KeyError(name)
        return tuple(out.items())

    def clause(self, template: int, topic: str | None = None) -> Clause:
        choices = tuple(self.rng.randrange(n) for n in _GROUPS[template])
        return Clause(template, choices, self.slots(template, topic), self.rng.random() < 0.3)


_KINDS = (("agreement", 0.6), ("protocol", 0.2), ("statement", 0.2))
_SIZE_SPREAD = {"agreement": (0.8, 1.7), "protocol": (0.5, 1.2), "statement": (0.25, 0.65)}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def make_doc(world: World, i: int, seed: int = SEED, mean_size: int = MEAN_SIZE) -> Doc:
    """Document `i`: the same for the same seed, whatever the number of documents."""
    rng = random.Random(seed * 1_000_003 + i)
    kind = rng.choices([k for k, _ in _KINDS], [w for _, w in _KINDS])[0]
    low, high = _SIZE_SPREAD[kind]
    size = int(mean_size * rng.uniform(low, high))
    country = rng.randrange(len(world.countries))
    when = date(1994, 1, 1) + timedelta(days=rng.randrange(31 * 365))
    ctx = _Context(world, country, rng, when)
    c = ctx.c
    gov = f"the Government of the Republic of {c.name}"
    mov = ctx.movement[0]
    topics = rng.sample(list(TOPICS), rng.randint(5, 9))
    parts: list[str] = []
    placed: list[Placed] = []
    length = 0

    def add(text: str, clause: Clause | None = None) -> None:
        nonlocal length
        start = length + (2 if parts else 0)
        parts.append(text)
        length = start + len(text)
        if clause is not None:
            placed.append(Placed(length - len(clause_text[0]), length, clause))

    clause_text = [""]

    def add_clause(template: int, prefix: str = "", topic: str | None = None) -> None:
        clause = ctx.clause(template, topic)
        clause_text[0] = render(clause, rng=rng)
        add(prefix + clause_text[0], clause)

    day = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    place = rng.choice(c.towns)
    if kind == "statement":
        official = rng.random() < 0.5
        if official:
            topic = rng.choice(list(TOPICS))
            add(
                f"Statement by the Ministry of Foreign Affairs of the Republic of {c.name} on "
                f"{rng.choice(TOPICS[topic]).lower()} in {rng.choice(ctx.regions)}"
            )
        else:
            add(f"Joint Communiqué of the {rng.choice(_ROUNDS)} Round of Talks between {gov} and {mov}")
        add(f"{place}, {day}")
        number = 1
        while length < size:
            if rng.random() < 0.35:
                template = rng.choice(_BY_TOPIC["statement"])
            else:
                template = rng.choice(_BY_TOPIC[rng.choice(topics)])
            add_clause(template, f"{number}. ")
            number += 1
        add(f"Issued at {place} on {day}.")
        return Doc(f"doc-{i:05d}", kind, when, "\n\n".join(parts), country, placed)

    name = "Agreement" if kind == "agreement" else rng.choice(("Protocol", "Memorandum of Understanding"))
    subject = (
        rng.choice(("Comprehensive Peace", "Peace", "Ceasefire and Security Arrangements", "Framework"))
        if kind == "agreement"
        else rng.choice(TOPICS[topics[0]])
    )
    title = f"{subject} {name}" if kind == "agreement" else f"{name} on {subject}"
    add(f"{title} between {gov} and {mov}")
    add(
        f'{gov.capitalize()} (hereinafter "the Government") and {mov} (hereinafter "the Movement"), '
        f'together referred to as "the Parties",'
    )
    for template in rng.sample(_BY_TOPIC["preamble"], rng.randint(3, len(_BY_TOPIC["preamble"]))):
        clause = ctx.clause(template)
        clause_text[0] = render(clause, rng=rng)[:-1] + ","
        add(clause_text[0], clause)
    add("Have agreed as follows:")
    article = 1
    chapter = 0
    word = "Article" if kind == "agreement" else "Section"
    while length < size:
        topic = topics[chapter % len(topics)]
        if kind == "agreement":
            add(f"Chapter {_ROMAN[chapter % len(_ROMAN)]}\n{rng.choice(TOPICS[topic])}")
        chapter += 1
        for _ in range(rng.randint(2, 4)):
            add(f"{word} {article}\n{rng.choice(TOPICS[topic])}")
            for n in range(1, rng.randint(3, 7)):
                pool = _BY_TOPIC["generic" if rng.random() < GENERIC_SHARE else topic]
                add_clause(rng.choice(pool), f"{article}.{n} ", topic)
            article += 1
            if length >= size:
                break
    add(f"{word} {article}\nFinal Provisions")
    for n, template in enumerate(
        rng.sample(_BY_TOPIC["final"], rng.randint(2, len(_BY_TOPIC["final"]))), start=1
    ):
        add_clause(template, f"{article}.{n} ")
    add(f"Done at {place} on {day}.")
    signatories = rng.sample(c.people, 3)
    add(f"For {gov}:\n{signatories[0]}\nMinister of {rng.choice(('Foreign Affairs', 'Interior', 'Peace'))}")
    add(f"For {mov}:\n{signatories[1]}\nChairman")
    add(f"Witnessed by {ctx.guarantor[0]}:\n{signatories[2]}")
    return Doc(f"doc-{i:05d}", kind, when, "\n\n".join(parts), country, placed)


def make_corpus(n_docs: int, seed: int = SEED, mean_size: int = MEAN_SIZE) -> tuple[World, list[Doc]]:
    world = make_world(seed)
    return world, [make_doc(world, i, seed, mean_size) for i in range(n_docs)]


# ---------------------------------------------------------------------------------------------------
# Queries: Track Two passages


FRAMES = (
    "Participants proposed that",
    "The working group recommends that",
    "Several participants suggested that",
    "It was suggested that",
    "One option discussed was that",
    "There was broad agreement that",
    "The non-paper proposes that",
    "Participants from both communities agreed that",
    "A majority of participants felt that",
    "The facilitators suggest that",
    "Drawing on the discussion, we propose that",
    "Civil society representatives insisted that",
)
PREAMBLE_FRAMES = (
    "Suggested language for the preamble:",
    "The workshop's closing statement opens:",
    "Participants drafted the following preambular paragraph:",
    "Proposed wording, for the parties' consideration:",
)
COMMENTS = (
    "This could be a first step towards rebuilding trust.",
    "Some participants doubted whether this was realistic in the present climate.",
    "The idea was first raised at the second workshop and refined since.",
    "Participants stressed that the details would need to be worked out by the official negotiators.",
    "This would also require the support of international partners.",
    "Concerns were voiced about implementation and funding.",
    "Women's groups asked to be consulted at every stage.",
    "Elders from the villages concerned endorsed the proposal.",
    "Participants recalled similar arrangements elsewhere that had worked.",
    "The proposal was discussed informally with officials on both sides.",
)
FILLER = (
    "The workshop opened with a review of lessons learned from earlier rounds of dialogue and a discussion "
    "of the role of insider mediators in keeping channels open between the communities.",
    "Participants spent the second day in small groups, each mapping the interests and fears of the other "
    "side before returning to plenary to compare notes and agree on a common list of questions.",
    "The meeting took place under the Chatham House rule; this summary reflects the facilitators' reading "
    "of the discussion and does not commit any participant or the institutions they belong to.",
    "Several participants described the difficulty of explaining compromise to their constituencies after "
    "so many years of violence, and the need for visible early gains to sustain public support.",
    "The next meeting will look at sequencing: which steps can be taken unilaterally, which need "
    "reciprocity, and how third parties could help verify that commitments are kept.",
)


@dataclass(frozen=True)
class Query:
    text: str
    level: str  # "close", "synonyms", "sparse" or "distractor"
    target: tuple[tuple[str, int], ...]  # (doc id, passage index) of the planted clause; () for a distractor
    same: tuple[tuple[str, int], ...] = ()  # passages of every clause with the same key (the target's too)
    date: date | None = None  # the output's date: before its target's


def paraphrase(clause: Clause, level: str, rng: random.Random) -> str:
    """The clause as a Track Two output would put it: synonym sets drawn again (half of them for
    *close*, all for *synonyms* and *sparse*: a fresh draw may land on the original word, as often as
    it does for any other clause of the same template), modifiers moved or dropped, names and
    quantities rephrased or made generic, a framing phrase and sometimes a comment."""
    redraw = {"close": 0.5, "synonyms": 1.0, "sparse": 1.0}[level]
    choices = [
        rng.randrange(n) if rng.random() < redraw else c
        for c, n in zip(clause.choices, _GROUPS[clause.template], strict=True)
    ]
    slots: dict[str, str] = {}
    names = [k for k, _ in clause.slots if k in SPECIFIC]
    keep = names[0] if names else None
    for name, phrasings in clause.slots:
        if level == "close":
            slots[name] = phrasings[0] if rng.random() < 0.8 else rng.choice(phrasings)
        elif level == "synonyms" and name in SPECIFIC:
            slots[name] = rng.choice(phrasings[1:]) if len(phrasings) > 1 else phrasings[0]
        elif (
            level == "synonyms"
            or name == "PARTIES"
            or (name not in SPECIFIC and rng.random() < 0.5)
            or name == keep
        ):
            slots[name] = rng.choice(phrasings)
        else:  # sparse: a generic word instead of the name or quantity
            slots[name] = rng.choice(GENERIC_WORDS.get(name, phrasings))
    front = clause.front if level == "close" else not clause.front
    modal = rng.choice(MODALS_T2)
    if ALL_TEMPLATES[clause.template][0] == "preamble":  # a participle phrase: proposed as wording
        text = render(clause, choices, slots, front=front, mods=level != "sparse", modal=modal)
        text = f'{rng.choice(PREAMBLE_FRAMES)} "{text[:-1]} …"'
    else:
        text = render(clause, choices, slots, front=front, mods=level != "sparse", modal=modal, capital=False)
        text = f"{rng.choice(FRAMES)} {text}"
    if rng.random() < 0.5:
        text = f"{text} {rng.choice(COMMENTS)}"
    return text


def _holding(doc: Doc, placed: Sequence[Placed]) -> list[tuple[tuple[str, int], ...]]:
    """For each clause, the passages of `doc` that hold it (one, unless a long clause was cut)."""
    found = transfer.passages(doc.text, doc.id)
    return [tuple((doc.id, p.index) for p in found if p.start < c.end and c.start < p.end) for c in placed]


def make_queries(world: World, docs: Sequence[Doc], count: int, seed: int = SEED) -> list[Query]:
    """`count` Track Two passages: planted paraphrases (PLANTED_SHARE) and distractors, in random order.
    A planted query's `same` passages hold its clause or another with the same key (same template, same
    names: the same provision about the same places, worded otherwise, in another text)."""
    rng = random.Random(seed + 7)
    levels = [name for name, _ in LEVELS]
    weights = [w for _, w in LEVELS]
    topical = [i for i, (t, _, _) in enumerate(ALL_TEMPLATES) if t != "final"]
    drafts: list[tuple[str, str, Doc | None, Placed | None, date]] = []
    for _ in range(count):
        if rng.random() < PLANTED_SHARE:
            doc = rng.choice(docs)
            placed = rng.choice([p for p in doc.clauses if ALL_TEMPLATES[p.clause.template][0] in PLANTABLE])
            level = rng.choices(levels, weights)[0]
            when = doc.date - timedelta(days=rng.randrange(30, 900))
            drafts.append((paraphrase(placed.clause, level, rng), level, doc, placed, when))
            continue
        when = date(1994, 1, 1) + timedelta(days=rng.randrange(31 * 365))
        if rng.random() < 0.2:
            drafts.append((rng.choice(FILLER), "distractor", None, None, when))
            continue
        ctx = _Context(world, rng.randrange(len(world.countries)), rng, when)
        clause = ctx.clause(rng.choice(topical))  # a fresh clause, planted nowhere
        drafts.append((paraphrase(clause, "synonyms", rng), "distractor", None, None, when))
    wanted = {placed.clause.key() for _, _, _, placed, _ in drafts if placed is not None}
    same: dict[tuple[object, ...], list[tuple[str, int]]] = {}
    for doc in docs:
        twins = [p for p in doc.clauses if p.clause.key() in wanted]
        for p, held in zip(twins, _holding(doc, twins) if twins else [], strict=True):
            same.setdefault(p.clause.key(), []).extend(held)
    queries = []
    for text, level, doc, placed, when in drafts:
        if doc is None or placed is None:
            queries.append(Query(text, level, (), (), when))
        else:
            target = _holding(doc, [placed])[0]
            queries.append(Query(text, level, target, tuple(same[placed.clause.key()]), when))
    return queries


# ---------------------------------------------------------------------------------------------------
# The baseline: brute-force cosine over TF-IDF vectors of the same tokens


class CosineBaseline:
    """Every passage an L2-normalised TF-IDF vector (smoothed idf, raw term counts) of `transfer.tokens`;
    a query is scored against all passages by one sparse matrix-vector product."""

    def __init__(self, texts: Sequence[transfer.Text]) -> None:
        self.passages = [p for t in texts for p in transfer.passages(t.text, t.id)]
        vocab: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        data: list[int] = []
        for p in self.passages:  # one passage's tokens at a time
            counts = Counter(vocab.setdefault(tok, len(vocab)) for tok in transfer.tokens(p.text))
            indices.extend(counts.keys())
            data.extend(counts.values())
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
            shape=(len(self.passages), len(vocab)),
        )
        del data, indices, indptr
        df = np.bincount(matrix.indices, minlength=len(vocab))
        self.idf = (np.log((1 + matrix.shape[0]) / (1 + df)) + 1).astype(np.float32)
        matrix = matrix.multiply(self.idf).tocsr()  # row i, column j: count × idf
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        self.matrix = sp.csr_matrix(sp.diags(1 / norms.astype(np.float32)) @ matrix)
        self.vocab = vocab

    def nbytes(self) -> int:
        m = self.matrix
        return int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes + self.idf.nbytes)

    def search(self, text: str, k: int = K) -> list[tuple[transfer.Passage, float]]:
        counts = Counter(self.vocab[t] for t in transfer.tokens(text) if t in self.vocab)
        if not counts:
            return []
        query = np.zeros(len(self.vocab), dtype=np.float32)
        ids = np.fromiter(counts.keys(), dtype=np.int64)
        query[ids] = np.fromiter(counts.values(), dtype=np.float32) * self.idf[ids]
        query /= np.linalg.norm(query)
        scores = self.matrix @ query  # every passage scored
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.passages[int(i)], float(scores[i])) for i in top if scores[i] > 0]


def hit_rates(
    found: Sequence[Sequence[tuple[str, int]]], queries: Sequence[Query]
) -> dict[str, tuple[float, float, float, int]]:
    """Per level and overall ("all"), over the planted queries: (top-1, top-3, top-3 counting a passage
    with the same provision, queries); `found[i]` is the ranked (doc, passage index) list of query i."""
    out: dict[str, list[int]] = {}
    for hits, q in zip(found, queries, strict=True):
        if not q.target:
            continue
        top1 = bool(hits[:1]) and hits[0] in q.target
        top3 = any(h in q.target for h in hits[:K])
        same3 = any(h in q.same for h in hits[:K])
        for level in (q.level, "all"):
            bucket = out.setdefault(level, [0, 0, 0, 0])
            bucket[0] += top1
            bucket[1] += top3
            bucket[2] += same3
            bucket[3] += 1
    return {k: (v[0] / v[3], v[1] / v[3], v[2] / v[3], v[3]) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------------
# Measuring, each side in its own process


def _maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def _timed(search: Any, queries: Sequence[Query], **kwargs: Any) -> tuple[list[float], list[list[Any]]]:
    times: list[float] = []
    found: list[list[Any]] = []
    for q in queries:
        start = time.perf_counter()
        result = search(q.text, K, **{k: (v(q) if callable(v) else v) for k, v in kwargs.items()})
        times.append(time.perf_counter() - start)
        found.append([(p.doc, p.index) for p, _ in result])
    return times, found


def _child(side: str, folder: Path) -> None:
    with (folder / "corpus.pickle").open("rb") as fh:
        texts, queries = pickle.load(fh)
    before = _maxrss_bytes()
    result: dict[str, Any] = {"side": side}
    start = time.perf_counter()
    if side == "engine":
        index: Any = transfer.Tracer(texts)
        scores = index.retriever.scores
        result["index_bytes"] = int(sum(scores[k].nbytes for k in ("data", "indices", "indptr")))
    else:
        index = CosineBaseline(texts)
        result["index_bytes"] = index.nbytes()
    result["build_s"] = time.perf_counter() - start
    result["passages"] = len(index.passages)
    result["build_peak"] = _maxrss_bytes() - before
    index.search(queries[0].text, K)  # warm-up: first-call costs are not a query's
    times, found = _timed(index.search, queries)
    result["times"] = times
    result["found"] = found
    result["peak"] = _maxrss_bytes() - before
    result["base_rss"] = before
    if side == "engine":
        result["breakdown"] = _breakdown(index, queries[:BREAKDOWN])
        dated, _ = _timed(index.search, queries[:DATED], not_before=lambda q: q.date)
        result["dated_times"] = dated
        result["rerank"] = _rerank(index, queries)
    (folder / f"{side}.json").write_text(json.dumps(result))


def _breakdown(tracer: transfer.Tracer, queries: Sequence[Query]) -> dict[str, list[float]]:
    """Where a query's time goes: tokens, bm25s's retrieve, and the rest of `Tracer.search` (mostly
    the date filter's pass over every passage, made even when no date is given)."""
    out: dict[str, list[float]] = {"tokens": [], "retrieve": [], "search": []}
    for q in queries:
        start = time.perf_counter()
        query = transfer.tokens(q.text)
        middle = time.perf_counter()
        tracer.retriever.retrieve([query], k=K, show_progress=False)
        end = time.perf_counter()
        tracer.search(q.text, K)
        out["tokens"].append(middle - start)
        out["retrieve"].append(end - middle)
        out["search"].append(time.perf_counter() - end)
    return out


def _rss_bytes() -> int:
    """The resident size now (not the high-water mark)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _rerank(tracer: transfer.Tracer, queries: Sequence[Query]) -> dict[str, Any]:
    """BM25 alone beside BM25 + embedding re-ranking on the first RERANK planted queries."""
    try:
        from multitrack.core import semantic
    except ImportError:
        return {"status": "not installed — BM25 only"}
    if not semantic.available():
        return {"status": "not installed — BM25 only"}
    try:
        reranker = semantic.default_reranker()
    except Exception as exc:  # e.g. WeightsMismatch: said, not hidden
        return {"status": f"not usable ({type(exc).__name__}: {exc}) — BM25 only"}
    if reranker is None:
        return {"status": "not installed — BM25 only"}
    planted = [q for q in queries if q.target][:RERANK]
    pool = getattr(transfer, "pool_size", lambda k: 30)(K)
    if "reranker" in inspect.signature(tracer.search).parameters:

        def reranked(text: str, k: int) -> list[tuple[transfer.Passage, float]]:
            return tracer.search(text, k, reranker=reranker)  # type: ignore[call-arg]

        how = "Tracer.search(text, 3, reranker=…)"
    else:  # pragma: no cover - a transfer module without re-ranking: re-rank a BM25 pool here

        def reranked(text: str, k: int) -> list[tuple[transfer.Passage, float]]:
            found = tracer.search(text, pool)
            sims = reranker.similarities(text, [p.text for p, _ in found])
            order = sorted(range(len(found)), key=lambda i: -sims[i])
            return [(found[i][0], sims[i]) for i in order[:k]]

        how = f"a BM25 pool of {pool} re-ranked by cosine"
    rss = _rss_bytes()
    start = time.perf_counter()
    reranked(planted[0].text, K)  # loads the model
    load_s = time.perf_counter() - start
    bm25_times, bm25_found = _timed(tracer.search, planted)
    in_pool = sum(any((p.doc, p.index) in q.target for p, _ in tracer.search(q.text, pool)) for q in planted)
    cache = getattr(semantic, "_cache", None)  # the module's per-process cache of embeddings, if any
    times, found = [], []
    for q in planted:  # cold: each query embeds its whole pool, as tracing a new output mostly does
        if cache is not None:
            cache.clear()
        start = time.perf_counter()
        result = reranked(q.text, K)
        times.append(time.perf_counter() - start)
        found.append([(p.doc, p.index) for p, _ in result])
    return {
        "status": "ok",
        "name": getattr(reranker, "name", "reranker"),
        "how": how,
        "pool": pool,
        "load_s": load_s,
        "times": times,
        "bm25_times": bm25_times,
        "bm25": hit_rates(bm25_found, planted),
        "reranked": hit_rates(found, planted),
        "rss_rise": _rss_bytes() - rss,
        "in_pool": in_pool / len(planted),
        "count": len(planted),
        "torch_threads": _torch_threads(),
        "cold": cache is not None,
    }


def _torch_threads() -> int | None:
    try:
        import torch
    except ImportError:  # pragma: no cover
        return None
    return int(torch.get_num_threads())


def _run_side(side: str, folder: Path) -> dict[str, Any]:
    root = Path(__file__).resolve().parents[1]
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_tracing", side, str(folder)], cwd=root, check=True
    )
    result: dict[str, Any] = json.loads((folder / f"{side}.json").read_text())
    result["wall_s"] = time.perf_counter() - start
    return result


def _mb(n: float) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def _ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def _row(label: str, ours: str, theirs: str, note: str = "") -> Line:
    return Line(f"  {label:<36} {ours:>22}   {theirs:>22}   {note}".rstrip())


def _rates(r: dict[str, Any], level: str) -> str:
    if level not in r:
        return "–"
    top1, top3, same3, _ = r[level]
    return f"{top1:.3f} / {top3:.3f} ({same3:.3f})"


def _level_rows(ours: dict[str, Any], theirs: dict[str, Any]) -> list[Line]:
    rows = []
    for level in ("all", "close", "synonyms", "sparse"):
        n = ours.get(level, (0, 0, 0, 0))[3]
        rows.append(
            _row(f"hit top-1 / top-3 (same), {level} {n}", _rates(ours, level), _rates(theirs, level))
        )
    return rows


def _p(values: Sequence[float]) -> str:
    return f"{_ms(_percentile(values, 50))} / {_ms(_percentile(values, 95))}"


def run() -> list[Line]:
    load_start = os.getloadavg()
    total_start = time.perf_counter()
    start = time.perf_counter()
    world, docs = make_corpus(DOCS)
    queries = make_queries(world, docs, QUERIES)
    gen_s = time.perf_counter() - start
    planted = [q for q in queries if q.target]
    twinned = sum(1 for q in planted if set(q.same) - set(q.target))
    size = sum(len(d.text.encode()) for d in docs)
    kinds = Counter(d.kind for d in docs)
    levels = Counter(q.level for q in queries)
    texts = [transfer.Text(d.id, d.text, d.date, d.kind) for d in docs]
    del docs
    with tempfile.TemporaryDirectory(prefix="multitrack-tracing-") as tmp:
        folder = Path(tmp)
        with (folder / "corpus.pickle").open("wb") as fh:
            pickle.dump((texts, queries), fh, protocol=pickle.HIGHEST_PROTOCOL)
        del texts
        engine = _run_side("engine", folder)
        baseline = _run_side("baseline", folder)
    total_s = time.perf_counter() - total_start
    load_end = os.getloadavg()

    e_rates = hit_rates([[tuple(h) for h in f] for f in engine["found"]], queries)
    b_rates = hit_rates([[tuple(h) for h in f] for f in baseline["found"]], queries)
    e_p50, e_p95 = _percentile(engine["times"], 50), _percentile(engine["times"], 95)
    b_p50, b_p95 = _percentile(baseline["times"], 50), _percentile(baseline["times"], 95)
    lines = [
        Line(
            f"Corpus: {sum(kinds.values())} generated documents of {len(world.countries)} fictional "
            f"conflicts ({kinds['agreement']} agreements, {kinds['protocol']} protocols/MoUs, "
            f"{kinds['statement']} communiqués/statements), {size / 1e6:.1f} MB, {engine['passages']:,} "
            f"passages; generated in {gen_s:.1f} s"
        ),
        Line(
            f"Queries: {len(queries)} Track Two passages: {len(planted)} planted paraphrases "
            f"({levels['close']} close, {levels['synonyms']} synonyms, {levels['sparse']} sparse) and "
            f"{levels['distractor']} distractors; {twinned} planted clauses have a twin in another passage "
            f"(same template, same names), found by '(same)' but not by the strict rates"
        ),
        _row("", "engine (bm25s, 4-grams)", "baseline (TF-IDF cos)", "baseline / engine"),
        _row(
            "index build (passages+tokens+index)",
            f"{engine['build_s']:.1f} s",
            f"{baseline['build_s']:.1f} s",
            f"×{baseline['build_s'] / engine['build_s']:.2f}",
        ),
        _row("query p50", _ms(e_p50), _ms(b_p50), f"×{b_p50 / e_p50:.2f}"),
        _row("query p95", _ms(e_p95), _ms(b_p95), f"×{b_p95 / e_p95:.2f}"),
        _row("query max", _ms(max(engine["times"])), _ms(max(baseline["times"]))),
        _row(
            "peak memory (ru_maxrss rise)",
            _mb(engine["peak"]),
            _mb(baseline["peak"]),
            f"×{baseline['peak'] / max(engine['peak'], 1):.2f}",
        ),
        _row("index arrays kept", _mb(engine["index_bytes"]), _mb(baseline["index_bytes"])),
        *_level_rows(e_rates, b_rates),
        Line(
            f"Target p95 < {TARGET_P95_MS:.0f} ms a query (engine, Tracer.search(text, k=3)): {_ms(e_p95)} — "
            f"{'PASS' if e_p95 * 1000 < TARGET_P95_MS else 'MISS'}"
        ),
    ]
    parts = engine.get("breakdown") or {}
    if parts.get("search"):
        lines.append(
            Line(
                f"Engine query, part by part (first {len(parts['search'])} queries, p50 / p95): tokens "
                f"{_p(parts['tokens'])}, bm25s retrieve {_p(parts['retrieve'])}, whole Tracer.search "
                f"{_p(parts['search'])}"
            )
        )
    dated = engine.get("dated_times") or []
    if dated:
        lines.append(
            Line(
                f"With the date rule (not_before = the output's date, as trace() passes it; first "
                f"{len(dated)} queries): p50 / p95 {_p(dated)}"
            )
        )
    rr = engine.get("rerank", {})
    if rr.get("status") != "ok":
        lines.append(Line(f"Embeddings: {rr.get('status', 'not run')}"))
    else:
        subset = (
            f"the first {rr['count']} planted queries only: re-ranking all {len(planted)} would take "
            f"≈ {len(planted) * float(np.mean(rr['times'])):.0f} s (at the mean time a query) on this machine"
            if rr["count"] < len(planted)
            else f"all {rr['count']} planted queries"
        )
        lines += [
            Line(
                f"Embeddings: {rr['name']} via {rr['how']}, BM25 pool {rr['pool']}, CPU, torch threads "
                f"{rr['torch_threads']}, model load {rr['load_s']:.1f} s, "
                f"{'embedding cache emptied before each query' if rr.get('cold') else 'no embedding cache'}; "
                f"{subset}"
            ),
            _row("", "BM25 alone", "BM25 + embeddings"),
            *_level_rows(rr["bm25"], rr["reranked"]),
            _row(
                "query p50 / p95",
                _p(rr["bm25_times"]),
                _p(rr["times"]),
                f"re-ranked p95 < {TARGET_P95_MS:.0f} ms: "
                f"{'PASS' if _percentile(rr['times'], 95) * 1000 < TARGET_P95_MS else 'MISS'}",
            ),
            _row(
                f"target in the BM25 pool of {rr['pool']}",
                f"{rr['in_pool']:.3f}",
                "",
                "the most re-ranking can reach",
            ),
            _row("resident memory added by the model", "", _mb(rr["rss_rise"])),
        ]
    lines.append(
        Line(
            f"Run: {total_s:.0f} s in all (engine process {engine['wall_s']:.0f} s with re-ranking, baseline "
            f"process {baseline['wall_s']:.0f} s); load average {load_start[0]:.2f} at start, "
            f"{load_end[0]:.2f} at end (this run included), {os.cpu_count()} cores"
        )
    )
    return lines


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
