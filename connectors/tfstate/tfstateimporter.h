// SPDX-License-Identifier: MIT
#pragma once

#include "importer.h"

class QIODevice;

namespace Ferry {

class JsonStream;

/// Imports Terraform state files: format version 4 (Terraform 0.12 and later) and the legacy
/// version 3 (Terraform ≤ 0.11, `modules[].resources` with flatmap attributes). The formats are
/// defined by Terraform's `internal/states/statefile` (read_v3.go, version4.go).
///
/// Managed `digitalocean_*`, `heroku_*` and `aws_*` resources become resources with id
/// `tf:<address>` (`tf:module.web.aws_instance.app[0]`, `tf:aws_instance.x["key"]`). Data
/// sources, non-infrastructure resources (`random_*`, `null_*`, `local_*`, `tls_*`, `time_*`,
/// `terraform_data`) and other providers are skipped and counted. Relationship resources
/// (volume attachments, floating/reserved IP assignments, project resources, pipeline
/// couplings) become dependencies. Dependencies are also taken from each instance's
/// `dependencies` (v3: `depends_on`) and inferred from attributes (droplet_ids, volume_ids,
/// vpc_uuid, DNS record values equal to a resource's IP, add-on app ids, VPC and subnet ids).
///
/// Only a whitelist of non-secret attributes is read (docs/importers.md); passwords, URIs,
/// tokens, keys, `config_vars` and `private` blobs are never copied.
///
/// A v4 state is read resource block by resource block: JsonStream finds each element of
/// `resources` in a window of the file and simdjson's On-Demand API parses it, so neither the
/// whole file nor a DOM or structural index of it is ever held (docs/performance.md: a 56 MB
/// state imports with a peak under twice its size). Blocks larger than largeBlockSize() are read
/// one instance at a time. Blocks are parsed in batches on worker threads (Tuning) and put
/// together in file order, so the result is the same on any number of threads. v3 states are
/// streamed module by module (a module over largeBlockSize() resource by resource) on the
/// calling thread. Every byte is checked to be JSON (JsonValidator) on every path.
class TfStateImporter : public Importer
{
public:
    QString formatId() const override { return QStringLiteral("tfstate"); }
    QString nameFilter() const override;
    QString expectedContent() const override
    {
        return QStringLiteral("a Terraform state (format version 4) with managed resources of the "
                              "aws, digitalocean or heroku providers");
    }
    bool canRead(const QByteArray &head, const QString &fileName) const override;
    bool read(const QString &path, Inventory *out, ImportReport *report, FileError *error,
              ImportProgress *progress = nullptr) const override;
    /// Same as read() on bytes already in memory; `fileName` is used in ids' source and errors.
    bool readData(const QByteArray &data, const QString &fileName, Inventory *out,
                  ImportReport *report, FileError *error) const;

    /// How an import spreads its work; the defaults suit any machine.
    struct Tuning
    {
        /// Resource blocks above this many bytes are read one instance at a time, on the calling
        /// thread, so that no single block must fit in memory next to its parse.
        size_t largeBlockBytes = size_t(16) << 20;
        /// Bytes of resource blocks handed to a worker thread at a time.
        size_t batchBytes = size_t(1) << 20;
        /// Worker threads parsing batches; 0 means QThread::idealThreadCount().
        int threads = 0;
    };

    /// Resource blocks above this many bytes (default 16 MiB) are read one instance at a time.
    size_t largeBlockSize() const { return m_tuning.largeBlockBytes; }
    /// Sets largeBlockSize(); tests use a small value to exercise instance-by-instance reading.
    void setLargeBlockSize(size_t bytes) { m_tuning.largeBlockBytes = bytes; }
    /// Tests and benchmarks vary the batch size and thread count; the result never depends on
    /// them.
    void setTuning(const Tuning &tuning) { m_tuning = tuning; }
    const Tuning &tuning() const { return m_tuning; }

private:
    bool readStream(JsonStream &js, QIODevice *device, const QByteArray *data,
                    const QString &fileName, Inventory *out, ImportReport *report, FileError *error,
                    ImportProgress *progress) const;

    Tuning m_tuning;
};

} // namespace Ferry
