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
sed -i 's/^name: .*/name: "Example: DigitalOcean to AWS"/; s/^created: .*/created: "2026-11-21"/' "$plan"
echo "Wrote $plan"
