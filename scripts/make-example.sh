#!/usr/bin/env bash
# Rebuilds resources/examples/example.ferry.yaml from the permissively licensed real inputs in
# tests/data/real/ (see its ATTRIBUTION.md), with the CLI alone. Run from anywhere after a build.
set -euo pipefail
cd "$(dirname "$0")/.."
ferry=${FERRY:-build/gui/ferry}
plan=resources/examples/example.ferry.yaml
d=tests/data/real
rm -f "$plan"
"$ferry" import -o "$plan" \
    $d/dropletkit_droplets.json $d/dropletkit_databases_all_clusters.json \
    $d/dropletkit_load_balancers.json $d/dropletkit_domains.json $d/dropletkit_domain_records.json \
    $d/dropletkit_volumes.json $d/dropletkit_vpcs.json $d/dropletkit_firewalls.json \
    $d/dropletkit_kubernetes.json $d/dropletkit_reserved_ips.json $d/dropletkit_cdns.json \
    $d/do_neilhanlon_droplets_volume_project.tfstate $d/aws_inframap_module_lemp_db_lb.json $d/aws_inframap_version_3_state.json >/dev/null
"$ferry" map "$plan" --account production --wave 1 'do:droplet:*' 'do:dbaas:*' 'do:volume:*' >/dev/null
"$ferry" map "$plan" --account production --wave 2 'do:loadbalancer:*' 'do:kubernetes:*' >/dev/null
"$ferry" map "$plan" --account shared-services --wave 1 'do:vpc:*' 'do:firewall:*' 'do:domain:*' >/dev/null
"$ferry" map "$plan" --account shared-services --wave 2 'do:record:*' 'do:reservedip:*' >/dev/null
"$ferry" map "$plan" --account staging --wave 1 'tf:digitalocean_droplet.*' 'tf:digitalocean_volume.*' >/dev/null
"$ferry" map "$plan" --account development --strategy retire 'do:cdn:*' >/dev/null
# The AWS account being reorganised: its website stack moves into production as it is.
"$ferry" map "$plan" --account production --wave 3 'tf:module.cycloid.*' >/dev/null
# Synthetic (docs/example.md): where the targets answer once their Terraform is applied.
"$ferry" map "$plan" --account production --endpoint backend.cx7example01.us-east-1.rds.amazonaws.com \
    'do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30' >/dev/null
"$ferry" map "$plan" --account production --endpoint example-lb-01-1893447521.us-east-1.elb.amazonaws.com \
    'do:loadbalancer:3de7ac8b-495b-4884-9a69-1050c6793cd6' >/dev/null
"$ferry" map "$plan" --account production --endpoint example-lb-03-2047338615.us-east-1.elb.amazonaws.com \
    'do:loadbalancer:4de7ac8b-495b-4884-9a69-1050c6793cd6' >/dev/null
# The checks the gates need, then the team's own edits of the generated runbook: the waves'
# dates, steps from the template library, a longer planning meeting.
"$ferry" check "$plan" --generate >/dev/null
"$ferry" runbook wave "$plan" 1 --name "Production data" --cutover 2027-01-16T22:00:00Z >/dev/null
"$ferry" runbook wave "$plan" 2 --name "Production traffic" --cutover 2027-01-23T22:00:00Z >/dev/null
"$ferry" runbook wave "$plan" 3 --name "AWS website stack" --cutover 2027-02-06T22:00:00Z \
    --rollback-hours 48 >/dev/null
"$ferry" runbook add "$plan" --template secrets-to-parameter-store --wave 1 \
    --after week-before/announce-date/wave-1 >/dev/null
"$ferry" runbook add "$plan" --template webhook-recorder --wave 1 --after day-before/freeze-changes/wave-1 >/dev/null
"$ferry" runbook add "$plan" --template status-page-notice --wave 2 --after day-before/freeze-changes/wave-2 >/dev/null
# The go/no-go calls wait for those steps too.
"$ferry" runbook edit "$plan" day-before/go-no-go/wave-1 --after day-before/webhook-recorder/wave-1 \
    --after 'day-before/check-replication/do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30' >/dev/null
"$ferry" runbook edit "$plan" day-before/go-no-go/wave-2 --after day-before/status-page-notice/wave-2 \
    --after day-before/freeze-changes/wave-2 >/dev/null
"$ferry" runbook edit "$plan" preparation/agree-window/plan --minutes 90 --append-instructions \
    "Agreed on the planning call: cutovers on Saturdays from 22:00 UTC; the cutover lead decides go/no-go and rollback." >/dev/null
sed -i 's/^name: .*/name: "Example: DigitalOcean to AWS"/; s/^created: .*/created: "2026-11-21"/' "$plan"

# A finished rehearsal in the journal beside the plan: every step done in order, gates skipped
# with a note (their checks reach the synthetic endpoints above, which do not exist).
journal=resources/examples/example.ferry-runs.sqlite
rm -f "$journal" "$journal-wal" "$journal-shm"
run() { "$ferry" run "$@" --store "$journal" --actor "rehearsal@example"; }
run start "$plan" --name "staging rehearsal 1" --rehearsal >/dev/null
while step=$(run next "$plan" | head -n 1 | cut -f1); [ -n "$step" ]; do
    # A gate whose checks cannot pass here is skipped with the reason; the rest are done.
    run step "$plan" "$step" --done --confirm-point-of-no-return --note "rehearsal" >/dev/null 2>&1 ||
        run step "$plan" "$step" --skip --note "rehearsal: its checks reach endpoints not built yet" >/dev/null
done
echo "Wrote $plan and $journal"
