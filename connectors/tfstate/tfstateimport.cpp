// SPDX-License-Identifier: MIT
// The driver of one Terraform state import: resource blocks found by JsonStream on the calling
// thread, parsed in batches by StateReaders on worker threads and absorbed in file order; a v3
// state read module by module.
#include "tfstateimport.h"

#include "jsonstream.h"
#include "jsonvalidator.h"
#include "tfstatereader.h"

#include <QFuture>
#include <QIODevice>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <deque>
#include <memory>

namespace Ferry::TfState {

namespace {

/// Where simdjson stopped in a span that failed to parse, as an input offset.
qint64 failureOffset(ondemand::document &doc, bool iterating, const char *data, size_t size,
                     qint64 offset)
{
    const char *loc = nullptr;
    if (iterating && doc.current_location().get(loc) == SUCCESS && loc && loc >= data &&
        loc <= data + size)
        return offset + (loc - data);
    return offset;
}

/// Resource blocks handed to a worker thread as one task: views into the caller's input, or
/// padded copies of blocks the stream's window will have moved past, then what a StateReader of
/// the batch's own made of them.
struct Batch
{
    struct Item
    {
        const char *data; ///< in the input, or nullptr: then at `copyAt` in `bytes`
        size_t copyAt;
        size_t size, capacity;
        qint64 offset; ///< where the block starts in the input
    };

    Batch(const QString &fileName)
        : reader(fileName, &report, &inventory)
    {}

    /// Reads every block; stops at the first malformed one (error, errorOffset).
    void run()
    {
        ondemand::parser parser;
        for (const Item &item : items) {
            const char *data = item.data ? item.data : bytes.data() + item.copyAt;
            // The stream left checking the block to this thread (JsonStream::Check::ByCaller):
            // the same check every other path through the reader makes.
            size_t at = 0;
            QString message;
            if (!JsonValidator::validate(data, item.size, &at, &message)) {
                error = QStringLiteral("invalid JSON: ") + message;
                errorOffset = item.offset + qint64(at);
                return;
            }
            ondemand::document doc;
            bool iterating = false;
            try {
                doc = parser.iterate(padded_string_view(data, item.size, item.capacity));
                iterating = true;
                reader.readV4Resource(doc);
                if (!reader.badAddress().empty()) {
                    error = controlInAddress(reader.badAddress());
                    errorOffset = item.offset;
                    return;
                }
            } catch (const simdjson_error &e) {
                error = QStringLiteral("invalid JSON: %1").arg(QString::fromLatin1(e.what()));
                errorOffset = failureOffset(doc, iterating, data, item.size, item.offset);
                return;
            }
        }
        reader.releaseScratch();
    }

    std::vector<Item> items;
    std::vector<char> bytes;
    size_t blockBytes = 0; ///< bytes of the blocks, for the batch size
    Inventory inventory;
    ImportReport report;
    StateReader reader;
    QString error;
    qint64 errorOffset = 0;
    QFuture<void> done;
};

/// Drives one import: the streamed v4 layout, or the whole document for v3 states.
///
/// A v4 state's resource blocks are found by JsonStream on the calling thread and parsed in
/// batches (about `batchBytes` of blocks each) on `threads` worker threads, each batch by a
/// StateReader of its own; the batches' readers are absorbed into the main one in input order,
/// so the result does not depend on the thread count. At most threads + 1 batches are in
/// flight, which bounds the copies of blocks read from a device.
class StateImport
{
public:
    StateImport(const QString &fileName, Inventory *out, ImportReport *report,
                ImportProgress *progress, const QByteArray *input,
                const TfStateImporter::Tuning &tuning)
        : m_fileName(fileName)
        , m_report(report)
        , m_progress(progress)
        , m_input(input)
        , m_largeBlock(tuning.largeBlockBytes)
        , m_batchBytes(std::max<size_t>(tuning.batchBytes, 1))
        , m_reader(fileName, report, out)
        , m_doneBefore(progress ? progress->done.load() : 0)
    {
        const int threads = tuning.threads > 0 ? tuning.threads : QThread::idealThreadCount();
        m_pool.setMaxThreadCount(std::max(threads, 1));
        m_maxInFlight = size_t(m_pool.maxThreadCount() + 1);
    }
    ~StateImport() { settle(); }

    enum class Outcome { Done, Failed, NeedsWholeDocument };

    /// Reads a state through `js`, resource block by resource block. A v3 state (or any state
    /// with `modules`) asks for the whole document instead.
    Outcome readStream(JsonStream &js)
    {
        const Outcome outcome = walk(js);
        if (outcome == Outcome::Failed)
            settle(&js);
        return outcome;
    }

    /// Reads a version 3 state (Terraform ≤ 0.11: `modules[].resources` keyed
    /// `[data.]TYPE.NAME[.INDEX]`) from its start, as the v4 reader reads blocks: a module of at
    /// most m_largeBlock bytes is parsed whole; a larger one resource by resource, each reduced
    /// to what StateReader::readV3Resource() reads, so that a huge attribute value streams past.
    /// `resources` next to `modules` is ignored with a warning, as a v3 reader does.
    bool readV3(JsonStream &js)
    {
        if (!js.enterObject()) {
            js.setError(QStringLiteral("not a Terraform state: expected a JSON object"),
                        js.errorOffset());
            return false;
        }
        std::string key;
        bool sawResources = false;
        while (js.nextMember(&key)) {
            if (key == "version") {
                if (!readVersion(js))
                    return false;
            } else if (key == "modules") {
                sawResources = true;
                if (!js.enterArray())
                    return false;
                while (js.nextElement()) {
                    if (!readV3Module(js))
                        return false;
                    if (!step(js.position())) {
                        js.setError(QStringLiteral("import cancelled"), js.position());
                        return false;
                    }
                }
                if (js.hasError())
                    return false;
            } else {
                if (key == "resources")
                    m_report->warnings.append(
                        m_fileName + QStringLiteral(": \"resources\" next to \"modules\" ignored "
                                                    "(a version 3 state keeps them in modules)"));
                if (!js.skipValue())
                    return false;
            }
        }
        if (js.hasError() || !js.atEnd())
            return false;
        if (m_reader.version == 0) {
            js.setError(QStringLiteral("not a Terraform state: no \"version\" key"), js.position());
            return false;
        }
        if (!sawResources)
            m_report->warnings.append(m_fileName + QStringLiteral(": the state has no resources"));
        return true;
    }

    void build() { m_reader.build(&m_pool); }

private:
    /// Reads the state's `version` into m_reader.version; false (with the error) unless it is
    /// 3 or 4.
    bool readVersion(JsonStream &js)
    {
        JsonStream::Span span;
        if (js.value(&span, 64) != JsonStream::Result::Ok) {
            if (!js.hasError())
                js.setError(QStringLiteral("invalid \"version\""), js.position());
            return false;
        }
        int64_t v = 0;
        if (!parse(js, span, [&](ondemand::document &doc) { v = doc.get_int64(); }))
            return false;
        m_reader.version = int(v);
        if (v == 3 || v == 4)
            return true;
        js.setError(
            QStringLiteral("unsupported Terraform state version %1 (Ferry reads 3 and 4)").arg(v),
            span.offset);
        return false;
    }

    /// One element of a v3 state's `modules`.
    bool readV3Module(JsonStream &js)
    {
        const qint64 start = js.position();
        JsonStream::Span span;
        switch (js.value(&span, m_largeBlock)) {
        case JsonStream::Result::Ok:
            if (!parse(js, span,
                       [&](ondemand::document &doc) { m_reader.readV3Module(doc.get_object()); }))
                return false;
            return addressesClean(js, span.offset);
        case JsonStream::Result::Error:
            return false;
        case JsonStream::Result::TooLarge:
            break;
        }
        if (!js.enterObject())
            return false;
        std::vector<std::string> path; // as StateReader::readV3Module: the path read so far
        std::string key;
        while (js.nextMember(&key)) {
            if (key == "path") {
                if (!takeValue(js, key, &span))
                    return false;
                if (!parse(js, span, [&](ondemand::document &doc) {
                        for (auto p : doc.get_array())
                            path.emplace_back(std::string_view(p.get_string()));
                    }))
                    return false;
            } else if (key == "resources") {
                std::string module;
                for (size_t i = 1; i < path.size(); ++i)
                    module += "module." + path[i] + '.';
                if (!js.enterObject())
                    return false;
                std::string name, small;
                while (js.nextMember(&name)) {
                    if (!reduceV3Resource(js, &small))
                        return false;
                    const JsonStream::Span view = paddedView(&small, js.position());
                    // The key as the whole-module path has it: unescaped by simdjson.
                    std::string resourceKey = name;
                    if (name.find('\\') != std::string::npos) {
                        std::string quoted = '"' + name + '"';
                        if (!parse(js, paddedView(&quoted, js.position()),
                                   [&](ondemand::document &doc) {
                                       resourceKey = std::string_view(doc.get_string());
                                   }))
                            return false;
                    }
                    if (!parse(js, view, [&](ondemand::document &doc) {
                            m_reader.readV3Resource(module, resourceKey, doc.get_object());
                        }))
                        return false;
                    if (!step(js.position())) {
                        js.setError(QStringLiteral("import cancelled"), js.position());
                        return false;
                    }
                }
                if (js.hasError())
                    return false;
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        return addressesClean(js, start);
    }

    /// A v3 resource reduced to what StateReader::readV3Resource() reads: `depends_on` and the
    /// string attributes of `primary` of at most 1 MiB (larger ones stream past, reported).
    bool reduceV3Resource(JsonStream &js, std::string *small)
    {
        if (!js.enterObject())
            return false;
        *small = "{";
        std::string key;
        JsonStream::Span span;
        while (js.nextMember(&key)) {
            if (key == "depends_on") {
                if (!takeValue(js, key, &span))
                    return false;
                appendMember(small, key, span);
            } else if (key == "primary") {
                if (!js.enterObject())
                    return false;
                std::string primary = "{", member;
                while (js.nextMember(&member)) {
                    if (member != "attributes") {
                        if (!js.skipValue())
                            return false;
                        continue;
                    }
                    std::string attributes;
                    if (!reduceAttributes(js, QStringLiteral("a v3 resource"), &attributes))
                        return false;
                    if (primary.size() > 1)
                        primary += ',';
                    primary += "\"attributes\":" + attributes;
                }
                if (js.hasError())
                    return false;
                if (small->size() > 1)
                    *small += ',';
                *small += "\"primary\":" + primary + '}';
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        *small += '}';
        return true;
    }

    /// A view of `text` that simdjson may read (the string's capacity made to hold the padding).
    static JsonStream::Span paddedView(std::string *text, qint64 offset)
    {
        text->reserve(text->size() + SIMDJSON_PADDING);
        return {text->data(), text->size(), text->capacity(), offset};
    }

    /// The next value, of at most 64 MiB, for `key` of a large module or block.
    bool takeValue(JsonStream &js, const std::string &key, JsonStream::Span *span)
    {
        constexpr size_t kMaxList = size_t(64) << 20;
        if (js.value(span, kMaxList) == JsonStream::Result::Ok)
            return true;
        if (!js.hasError())
            js.setError(QStringLiteral("\"%1\" larger than %2 MiB")
                            .arg(QString::fromStdString(key))
                            .arg(kMaxList >> 20),
                        js.position());
        return false;
    }

    static void appendMember(std::string *object, const std::string &key,
                             const JsonStream::Span &span)
    {
        if (object->size() > 1)
            *object += ',';
        *object += '"';
        *object += key;
        *object += "\":";
        object->append(span.data, span.size);
    }

    /// An `attributes` object copied with its values of at most kMaxKeptValue bytes; larger
    /// ones are skipped as they stream past (checked to be JSON) and reported for `what`.
    bool reduceAttributes(JsonStream &js, const QString &what, std::string *out)
    {
        constexpr size_t kMaxKeptValue = 1024 * 1024;
        if (!js.enterObject())
            return false;
        *out = "{";
        std::string name;
        JsonStream::Span span;
        while (js.nextMember(&name)) {
            const JsonStream::Result r = js.value(&span, kMaxKeptValue);
            if (r == JsonStream::Result::Error)
                return false;
            if (r == JsonStream::Result::TooLarge) {
                qint64 skipped = 0;
                if (!js.skipValue(&skipped))
                    return false;
                m_report->warnings.append(
                    QStringLiteral("%1: attribute \"%2\" of %3 skipped (%4 MiB: too large to be "
                                   "kept)")
                        .arg(m_fileName, QString::fromStdString(name), what)
                        .arg(double(skipped) / (1024 * 1024), 0, 'f', 1));
                continue;
            }
            appendMember(out, name, span);
        }
        if (js.hasError())
            return false;
        *out += '}';
        return true;
    }

    /// False, with the error at `offset`, when an address read so far holds a control character.
    bool addressesClean(JsonStream &js, qint64 offset)
    {
        if (m_reader.badAddress().empty())
            return true;
        js.setError(controlInAddress(m_reader.badAddress()), offset);
        return false;
    }

    Outcome walk(JsonStream &js)
    {
        if (!js.enterObject()) {
            js.setError(QStringLiteral("not a Terraform state: expected a JSON object"),
                        js.errorOffset());
            return Outcome::Failed;
        }
        std::string key;
        bool sawResources = false;
        while (js.nextMember(&key)) {
            if (key == "version") {
                if (!readVersion(js))
                    return Outcome::Failed;
                if (m_reader.version == 3)
                    return Outcome::NeedsWholeDocument;
            } else if (key == "modules") {
                if (m_blocksRead > 0) {
                    js.setError(QStringLiteral("a state with both \"resources\" and \"modules\""),
                                js.position());
                    return Outcome::Failed;
                }
                return Outcome::NeedsWholeDocument;
            } else if (key == "resources") {
                sawResources = true;
                if (!js.enterArray())
                    return Outcome::Failed;
                while (js.nextElement()) {
                    if (!readBlock(js) || !step(js.position())) {
                        if (!js.hasError())
                            js.setError(QStringLiteral("import cancelled"), js.position());
                        return Outcome::Failed;
                    }
                }
                if (js.hasError() || !flush(js))
                    return Outcome::Failed;
            } else if (!js.skipValue()) {
                return Outcome::Failed;
            }
        }
        if (js.hasError() || !js.atEnd())
            return Outcome::Failed;
        if (m_reader.version == 0) {
            js.setError(QStringLiteral("not a Terraform state: no \"version\" key"), js.position());
            return Outcome::Failed;
        }
        if (!sawResources)
            m_report->warnings.append(m_fileName + QStringLiteral(": the state has no resources"));
        return Outcome::Done;
    }

    /// Reads one element of `resources`: into the current batch when it is at most m_largeBlock
    /// bytes, else (after the batches before it) its header fields and then its instances one at
    /// a time, on this thread.
    bool readBlock(JsonStream &js)
    {
        ++m_blocksRead;
        JsonStream::Span span;
        switch (js.value(&span, m_largeBlock, JsonStream::Check::ByCaller)) {
        case JsonStream::Result::Ok:
            return add(js, span);
        case JsonStream::Result::Error:
            return false;
        case JsonStream::Result::TooLarge:
            break;
        }
        if (!flush(js))
            return false;
        const qint64 blockStart = js.position();
        if (!js.enterObject())
            return false;
        Block b;
        std::vector<std::string> deferred; // instances before the block's type
        std::string key;
        while (js.nextMember(&key)) {
            if (key == "instances") {
                // Terraform writes the header first; where it does not, the instances are kept
                // as small copies (reduceInstance) and read once the block's type is known, as
                // the in-memory path reads them again.
                const bool later = b.type.empty();
                if (!later)
                    m_reader.classify(b);
                if (!js.enterArray())
                    return false;
                while (js.nextElement()) {
                    const JsonStream::Result r =
                        later ? JsonStream::Result::TooLarge : js.value(&span, m_largeBlock);
                    if (r == JsonStream::Result::Error)
                        return false;
                    if (r == JsonStream::Result::TooLarge) {
                        std::string small;
                        if (!reduceInstance(js, b, &small))
                            return false;
                        if (later)
                            deferred.push_back(std::move(small));
                        else if (!readReduced(js, b, small))
                            return false;
                    } else if (!parse(js, span, [&](ondemand::document &doc) {
                                   m_reader.readInstance(b, doc.get_object());
                               })) {
                        return false;
                    }
                    if (!step(js.position())) {
                        js.setError(QStringLiteral("import cancelled"), js.position());
                        return false;
                    }
                }
                if (js.hasError())
                    return false;
            } else if (key == "module" || key == "mode" || key == "type" || key == "name") {
                if (js.value(&span, 64 * 1024) != JsonStream::Result::Ok) {
                    if (!js.hasError())
                        js.setError(QStringLiteral("\"%1\" is not a short string")
                                        .arg(QString::fromStdString(key)),
                                    js.position());
                    return false;
                }
                if (!parse(js, span, [&](ondemand::document &doc) {
                        StateReader::setHeaderField(b, key, doc.get_string());
                    }))
                    return false;
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        if (!deferred.empty())
            m_reader.classify(b);
        for (const std::string &small : deferred)
            if (!readReduced(js, b, small))
                return false;
        if (!m_reader.badAddress().empty()) {
            js.setError(controlInAddress(m_reader.badAddress()), blockStart);
            return false;
        }
        return true;
    }

    /// Reads an instance member by member into `*out`, a small copy holding only what
    /// StateReader::readInstance() reads, so that a huge value in it (a `user_data` script, a
    /// `private` blob) is skipped as it streams past instead of being held: `index_key`,
    /// `dependencies` and each attribute of at most 1 MiB are copied (reduceAttributes()); larger
    /// attributes (reported) and the other members are skipped, checked to be JSON all the same.
    /// Same result as reading the whole instance, for every attribute Ferry keeps.
    bool reduceInstance(JsonStream &js, const Block &b, std::string *out)
    {
        std::string &small = *out;
        small = "{";
        if (!js.enterObject())
            return false;
        std::string key;
        JsonStream::Span span;
        while (js.nextMember(&key)) {
            if (key == "attributes") {
                std::string attributes;
                if (!reduceAttributes(js,
                                      QStringLiteral("an instance of %1")
                                          .arg(b.base.empty() ? QStringLiteral("a resource block")
                                                              : QString::fromStdString(b.base)),
                                      &attributes))
                    return false;
                if (small.size() > 1)
                    small += ',';
                small += "\"attributes\":" + attributes;
            } else if (key == "index_key" || key == "dependencies") {
                if (!takeValue(js, key, &span))
                    return false;
                appendMember(&small, key, span);
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        small += '}';
        return true;
    }

    /// Reads an instance reduced by reduceInstance().
    bool readReduced(JsonStream &js, const Block &b, std::string small)
    {
        return parse(js, paddedView(&small, js.position()),
                     [&](ondemand::document &doc) { m_reader.readInstance(b, doc.get_object()); });
    }

    /// Adds a block to the current batch: a view when it lies in the caller's input (which
    /// outlives the import), else a padded copy (the stream reuses its window). Starts the batch
    /// when it is full.
    bool add(JsonStream &js, const JsonStream::Span &span)
    {
        if (!m_batch)
            m_batch = std::make_unique<Batch>(m_fileName);
        Batch &b = *m_batch;
        const bool inInput = m_input && span.data >= m_input->constData() &&
                             span.data < m_input->constData() + m_input->size();
        if (inInput) {
            b.items.push_back({span.data, 0, span.size, span.capacity, span.offset});
        } else {
            const size_t at = b.bytes.size();
            if (b.bytes.empty()) // one allocation for the whole batch, in the common case
                b.bytes.reserve(std::max(m_batchBytes, span.size) + 64 * SIMDJSON_PADDING);
            // insert() copies without first zero-filling what it copies over (resize() did:
            // 56 M instructions on the 50,000-resource state read from a file).
            b.bytes.insert(b.bytes.end(), span.data, span.data + span.size);
            b.bytes.insert(b.bytes.end(), SIMDJSON_PADDING, '\0');
            b.items.push_back({nullptr, at, span.size, span.size + SIMDJSON_PADDING, span.offset});
        }
        b.blockBytes += span.size;
        return b.blockBytes < m_batchBytes || start(js);
    }

    /// Hands the current batch to a worker; absorbs the oldest batches while too many are in
    /// flight.
    bool start(JsonStream &js)
    {
        if (!m_batch)
            return true;
        Batch *b = m_batch.get();
        b->done = QtConcurrent::run(&m_pool, [b] { b->run(); });
        m_inFlight.push_back(std::move(m_batch));
        while (m_inFlight.size() > m_maxInFlight)
            if (!absorbOldest(js))
                return false;
        return true;
    }

    /// Waits for the oldest batch in flight and absorbs it; false (with the stream's error set)
    /// when it met malformed input.
    bool absorbOldest(JsonStream &js)
    {
        std::unique_ptr<Batch> b = std::move(m_inFlight.front());
        m_inFlight.pop_front();
        b->done.waitForFinished();
        if (!b->error.isEmpty()) {
            js.setError(b->error, b->errorOffset);
            return false;
        }
        m_reader.absorb(std::move(b->reader));
        return true;
    }

    /// Starts the current batch and absorbs every batch in flight.
    bool flush(JsonStream &js)
    {
        if (!start(js))
            return false;
        while (!m_inFlight.empty())
            if (!absorbOldest(js))
                return false;
        return true;
    }

    /// After a failure (or on destruction): waits for the batches in flight. A malformed block
    /// in one of them comes before whatever the stream found later, so its error wins.
    void settle(JsonStream *js = nullptr)
    {
        if (js && m_batch) { // blocks read before the failure may hold an earlier one
            Batch *b = m_batch.get();
            b->done = QtConcurrent::run(&m_pool, [b] { b->run(); });
            m_inFlight.push_back(std::move(m_batch));
        }
        m_batch.reset();
        for (auto &b : m_inFlight) {
            b->done.waitForFinished();
            if (js && !b->error.isEmpty() && b->errorOffset < js->errorOffset()) {
                js->setError(b->error, b->errorOffset);
                js = nullptr;
            }
        }
        m_inFlight.clear();
    }

    /// Parses `span` with simdjson on this thread and hands the document to `f`; a simdjson
    /// error becomes the stream's error, located inside the span.
    template<typename F> bool parse(JsonStream &js, const JsonStream::Span &span, F &&f)
    {
        ondemand::document doc;
        bool iterating = false;
        try {
            doc = m_parser.iterate(padded_string_view(span.data, span.size, span.capacity));
            iterating = true;
            f(doc);
        } catch (const simdjson_error &e) {
            js.setError(QStringLiteral("invalid JSON: %1").arg(QString::fromLatin1(e.what())),
                        failureOffset(doc, iterating, span.data, span.size, span.offset));
            return false;
        }
        return true;
    }

    /// Reports `position` bytes read (at most every 256 KiB); false when asked to cancel.
    bool step(qint64 position)
    {
        if (!m_progress)
            return true;
        if (position - m_lastReported > 256 * 1024) {
            m_lastReported = position;
            m_progress->done = m_doneBefore + position;
        }
        return !m_progress->isCancelled();
    }

    QString m_fileName;
    ImportReport *m_report;
    ImportProgress *m_progress;
    const QByteArray *m_input; ///< the input when it is in memory, else nullptr
    size_t m_largeBlock;
    size_t m_batchBytes;
    StateReader m_reader;
    ondemand::parser m_parser;
    qint64 m_doneBefore;
    qint64 m_lastReported = 0;
    size_t m_blocksRead = 0;
    std::unique_ptr<Batch> m_batch; ///< being filled
    std::deque<std::unique_ptr<Batch>> m_inFlight;
    size_t m_maxInFlight = 3;
    QThreadPool m_pool; ///< last: destroyed (waiting for its tasks) before the batches
};

} // namespace

bool readState(JsonStream &js, QIODevice *device, const QByteArray *data, const QString &fileName,
               Inventory *out, ImportReport *report, FileError *error, ImportProgress *progress,
               const TfStateImporter::Tuning &m_tuning)
{
    report->sources.append(fileName);
    const qint64 doneBefore = progress ? progress->done.load() : 0;
    const qsizetype skippedBefore = report->skipped.size();
    const qsizetype warningsBefore = report->warnings.size();
    auto import = std::make_unique<StateImport>(fileName, out, report, progress, data, m_tuning);
    switch (import->readStream(js)) {
    case StateImport::Outcome::Done:
        break;
    case StateImport::Outcome::Failed: {
        int line = 0, column = 0;
        js.lineColumn(js.errorOffset(), &line, &column);
        *error = {fileName, line, column, js.errorMessage()};
        return false;
    }
    case StateImport::Outcome::NeedsWholeDocument: {
        // A v3 state (Terraform ≤ 0.11): read again from its start, module by module.
        report->skipped.resize(skippedBefore);
        report->warnings.resize(warningsBefore);
        import = std::make_unique<StateImport>(fileName, out, report, progress, data, m_tuning);
        if (!data && !device->seek(0)) {
            *error = {fileName, 0, 0, device->errorString()};
            return false;
        }
        std::unique_ptr<JsonStream> again =
            data ? std::make_unique<JsonStream>(*data) : std::make_unique<JsonStream>(device);
        if (!import->readV3(*again)) {
            int line = 0, column = 0;
            again->lineColumn(again->errorOffset(), &line, &column);
            *error = {fileName, line, column, again->errorMessage()};
            return false;
        }
        break;
    }
    }
    import->build();
    if (progress)
        progress->done = doneBefore + (data ? data->size() : device->size());
    return true;
}

} // namespace Ferry::TfState
