// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "resource.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Ferry {

/// What a size offers: vCPUs (0 when not known) and memory in MiB.
struct SizeFigures
{
    int vcpus = 0;
    int memoryMb = 0;
    /// A plan on shared servers whose provider publishes no dedicated vCPUs or memory
    /// (Heroku's `heroku-postgresql:essential-*`): the smallest class of any target holds it.
    bool shared = false;
};

/// A target class and what it offers (`m6i.large`, 2 vCPU, 8192 MiB).
struct TargetSize
{
    QString sizeClass;
    SizeFigures figures;
};

/// The size table of `resources/instance-sizes.yaml`: the AWS classes a target service is sized
/// from, in the order they are tried, and the figures of source sizes whose names do not say
/// them (Heroku dynos and plans).
class InstanceSizes
{
public:
    /// The built-in table (Qt resource `:/ferry/instance-sizes.yaml`).
    static const InstanceSizes &builtIn();
    /// Reads a table; false with a located error (file:line:column) when it is malformed.
    static bool parse(const QByteArray &yaml, const QString &fileName, InstanceSizes *out,
                      FileError *error);

    /// The figures of resource `r`: its `vcpus` and `memory_mb` attributes (MiB) where the
    /// import found them, else its size slug read as DigitalOcean writes them
    /// (`s-2vcpu-4gb`, `db-s-1vcpu-2gb`, `gd-4vcpu-16gb`, `c-4` = 4 vCPU and 8 GiB), else the
    /// table's `sources` by size, in any case (`standard-2x` for Heroku's `Standard-2X`,
    /// `heroku-postgresql:standard-0`); none when nothing says.
    std::optional<SizeFigures> figuresOf(const Resource &r) const;
    /// The first class of `service` (`aws_instance`, `aws_db_instance`,
    /// `aws_elasticache_replication_group`) with at least `need`'s vCPUs and memory (its first
    /// for a shared plan); none when the table has no class for the service or none is large
    /// enough.
    std::optional<TargetSize> targetFor(const QString &service, const SizeFigures &need) const;

private:
    QHash<QString, QList<TargetSize>> m_targets;
    QHash<QString, SizeFigures> m_sources;
};

/// "2 vCPU, 4 GiB" (memory in GiB when whole, else MiB); "? vCPU" when not known; "shared
/// servers, no dedicated vCPU or memory" for a shared plan.
QString sizeFiguresText(const SizeFigures &f);

} // namespace Ferry
