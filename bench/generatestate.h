// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

/// Generates a Terraform state (format v4) with `instances` resource instances: a realistic mix
/// of DigitalOcean droplets, volumes, load balancers, records and database clusters in modules
/// with `count` indexes, each instance carrying the attributes the provider writes
/// (about 1.2 KB per instance, so 50,000 instances ≈ 60 MB). Deterministic.
QByteArray generateTerraformState(int instances);
