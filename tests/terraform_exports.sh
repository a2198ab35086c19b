# Sourced by the Terraform output tests: exports the example plan to $work/example, the
# aws-split golden plan to $work/aws-split, the heroku-do one to $work/heroku-do, and a plan
# imported from every real input available, mapped wholesale onto three accounts, to $work/all.
# needs: ferry src shared work
"$ferry" export terraform "$src/resources/examples/example.ferry.yaml" -o "$work/example" >/dev/null
# One AWS account split into an organization: what stays adopted with import blocks.
"$ferry" export terraform "$src/tests/data/golden/aws-split/aws-split.ferry.yaml" \
    -o "$work/aws-split" >/dev/null
# Heroku apps onto two DigitalOcean teams (the DigitalOcean provider).
"$ferry" export terraform "$src/tests/data/golden/heroku-do/heroku-do.ferry.yaml" \
    -o "$work/heroku-do" >/dev/null || [ $? -eq 1 ]
# Records that follow the load balancer and reserved IP they pointed at.
"$ferry" export terraform "$src/tests/data/terraform/records-follow.ferry.yaml" \
    -o "$work/records" >/dev/null
# DNS zones and records into a DigitalOcean team (the DigitalOcean provider); exit code 1: an
# SRV record Ferry does not write, listed.
"$ferry" export terraform "$src/tests/data/terraform/do-dns.ferry.yaml" \
    -o "$work/dns" >/dev/null || [ $? -eq 1 ]
# Droplets and a cloud firewall moving into another team.
"$ferry" export terraform "$src/tests/data/terraform/do-droplets.ferry.yaml" \
    -o "$work/droplets" >/dev/null
inputs=("$src"/tests/data/real/*.tfstate "$src"/tests/data/real/aws_*.json "$src"/tests/data/real/dropletkit_*.json)
[ -d "$shared/tfstate" ] && inputs+=("$shared"/tfstate/*)
"$ferry" import "${inputs[@]}" -o "$work/all.ferry.yaml" >/dev/null
"$ferry" map "$work/all.ferry.yaml" --account production 'provider:digitalocean' >/dev/null
"$ferry" map "$work/all.ferry.yaml" --account staging --wave 2 'provider:heroku' >/dev/null 2>&1 || true
"$ferry" map "$work/all.ferry.yaml" --account shared-services --wave 3 'provider:aws' >/dev/null
# Exit code 1: some mapped resources have types Ferry writes no arguments for (commented-out
# blocks, listed); the folders are written all the same. Anything else is a failure.
status=0
"$ferry" export terraform "$work/all.ferry.yaml" -o "$work/all" >/dev/null || status=$?
[ "$status" -le 1 ] || { echo "export of the real inputs failed with $status"; exit 1; }
