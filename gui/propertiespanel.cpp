// SPDX-License-Identifier: MIT
#include "propertiespanel.h"

#include "commands.h"
#include "plandocument.h"
#include "resourcekind.h"
#include "terraformexport.h"

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Ferry {

namespace {
enum Field { ServiceField, StrategyField, WaveField, EndpointField, DatabasesField, AlsoField };
} // namespace

PropertiesPanel::PropertiesPanel(PlanDocument *doc, QWidget *parent)
    : QWidget(parent)
    , m_doc(doc)
{
    // The mapping editors first (what a planner changes), the source facts below them in a
    // scroll area that takes the remaining height.
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_account = new QComboBox(this);
    m_service = new QLineEdit(this);
    m_service->setPlaceholderText(tr("Terraform type, e.g. aws_db_instance or digitalocean_app"));
    m_service->setCompleter(new QCompleter({QStringLiteral("aws_instance"),
                                            QStringLiteral("aws_db_instance"),
                                            QStringLiteral("aws_rds_cluster"),
                                            QStringLiteral("aws_elasticache_replication_group"),
                                            QStringLiteral("aws_s3_bucket"),
                                            QStringLiteral("aws_lb"),
                                            QStringLiteral("aws_route53_zone"),
                                            QStringLiteral("aws_route53_record"),
                                            QStringLiteral("aws_ebs_volume"),
                                            QStringLiteral("aws_vpc"),
                                            QStringLiteral("aws_security_group"),
                                            QStringLiteral("aws_eks_cluster"),
                                            QStringLiteral("aws_ecs_service"),
                                            QStringLiteral("aws_eip"),
                                            QStringLiteral("aws_cloudfront_distribution"),
                                            QStringLiteral("aws_key_pair"),
                                            QStringLiteral("digitalocean_app"),
                                            QStringLiteral("digitalocean_database_cluster"),
                                            QStringLiteral("digitalocean_droplet"),
                                            QStringLiteral("digitalocean_spaces_bucket")},
                                           m_service));
    m_strategy = new QComboBox(this);
    for (Strategy s : allStrategies())
        m_strategy->addItem(strategyName(s), int(s));
    m_wave = new QSpinBox(this);
    m_wave->setRange(1, 99);
    m_endpoint = new QLineEdit(this);
    m_endpoint->setObjectName(QStringLiteral("endpoint"));
    m_endpoint->setPlaceholderText(tr("host[:port] once it exists"));
    m_endpoint->setToolTip(tr("Where the migrated resource answers (e.g. the RDS endpoint from "
                              "terraform output): Generate Checks adds its target-side checks"));
    m_endpoint->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._:\\[\\]-]*")), m_endpoint));
    form->addRow(tr("&Account:"), m_account);
    form->addRow(tr("&Target service:"), m_service);
    form->addRow(tr("&Strategy:"), m_strategy);
    form->addRow(tr("&Wave:"), m_wave);
    form->addRow(tr("&Endpoint:"), m_endpoint);
    m_databases = new QLineEdit(this);
    m_databases->setObjectName(QStringLiteral("databases"));
    m_databases->setPlaceholderText(tr("the source's own list"));
    m_databases->setToolTip(tr("The application databases its data checks compare and its data "
                               "move covers, comma-separated; empty: the source's own list less "
                               "the server's default database"));
    form->addRow(tr("Data&bases:"), m_databases);
    m_also = new QLineEdit(this);
    m_also->setObjectName(QStringLiteral("also"));
    m_also->setPlaceholderText(tr("none, e.g. aws_s3_bucket"));
    m_also->setToolTip(tr("Further target services the same source also becomes, "
                          "comma-separated Terraform types (a server's uploaded files: "
                          "aws_s3_bucket): a block each in the account's Terraform, and "
                          "runbook steps where data moves into them"));
    m_also->setCompleter(new QCompleter(m_service->completer()->model(), m_also));
    form->addRow(tr("Al&so becomes:"), m_also);
    layout->addLayout(form);
    m_details = new QLabel;
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_details);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);

    connect(m_account, &QComboBox::activated, this, [this] { applyAccount(); });
    connect(m_service, &QLineEdit::editingFinished, this, [this] { applyField(ServiceField); });
    connect(m_strategy, &QComboBox::activated, this, [this] { applyField(StrategyField); });
    // Arrow clicks and wheel steps apply at once; typed numbers when editing finishes.
    m_wave->setKeyboardTracking(false);
    connect(m_wave, &QSpinBox::valueChanged, this, [this] { applyField(WaveField); });
    connect(m_endpoint, &QLineEdit::editingFinished, this, [this] { applyField(EndpointField); });
    connect(m_databases, &QLineEdit::editingFinished, this, [this] { applyField(DatabasesField); });
    connect(m_also, &QLineEdit::editingFinished, this, [this] { applyField(AlsoField); });
    connect(doc, &PlanDocument::changed, this, [this] {
        QStringList still;
        for (const QString &id : std::as_const(m_ids))
            if (m_doc->plan().resource(id))
                still.append(id);
        m_ids = still;
        refresh();
    });
    refresh();
}

void PropertiesPanel::setResources(const QStringList &ids)
{
    m_ids = ids;
    refresh();
}

void PropertiesPanel::refresh()
{
    m_updating = true;
    const Plan &plan = m_doc->plan();
    m_account->clear();
    m_account->addItem(tr("— unmapped —"), QString());
    for (const Account &a : plan.organization.accounts)
        m_account->addItem(a.name, a.id);
    const bool any = !m_ids.isEmpty();
    for (QWidget *w : {static_cast<QWidget *>(m_account), static_cast<QWidget *>(m_service),
                       static_cast<QWidget *>(m_strategy), static_cast<QWidget *>(m_wave),
                       static_cast<QWidget *>(m_endpoint), static_cast<QWidget *>(m_databases),
                       static_cast<QWidget *>(m_also)})
        w->setEnabled(any);
    if (!any) {
        m_details->setText(tr("<i>Select resources in the inventory, the diagram or the "
                              "organization to see and edit their mapping.</i>"));
        m_service->clear();
        m_endpoint->clear();
        m_databases->clear();
        m_also->clear();
        m_updating = false;
        return;
    }
    const Resource *r = plan.resource(m_ids.front());
    const Mapping *m = plan.mapping(m_ids.front());
    if (m_ids.size() == 1 && r) {
        QString html = QStringLiteral("<b>%1</b><br>%2 · <code>%3</code><br>")
                           .arg(r->name.toHtmlEscaped(), typeLabel(r->type), r->id.toHtmlEscaped());
        html += QStringLiteral("<table>");
        auto row = [&html](const QString &k, const QString &v) {
            if (!v.isEmpty())
                html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                            .arg(k.toHtmlEscaped(), v.toHtmlEscaped());
        };
        row(tr("Region"), r->region);
        row(tr("Size"), r->size);
        for (auto it = r->attributes.cbegin(); it != r->attributes.cend(); ++it)
            row(it.key(), it.value());
        if (!r->tags.isEmpty()) {
            QStringList tags;
            for (auto it = r->tags.cbegin(); it != r->tags.cend(); ++it)
                tags.append(it.value().isEmpty() ? it.key() : it.key() + u'=' + it.value());
            row(tr("Tags"), tags.join(QStringLiteral(", ")));
        }
        row(tr("Source"), r->sourceFile + QStringLiteral(" · ") + r->sourceAddress);
        int in = 0, out = 0;
        for (const Dependency &d : plan.inventory.dependencies) {
            out += d.from == r->id;
            in += d.to == r->id;
        }
        row(tr("Dependencies"), tr("%1 out, %2 in").arg(out).arg(in));
        html += QStringLiteral("</table>");
        m_details->setText(html);
    } else {
        m_details->setText(
            tr("<b>%1 resources selected</b><br>Changes apply to all of them.").arg(m_ids.size()));
    }
    m_account->setCurrentIndex(m ? std::max(0, m_account->findData(m->accountId)) : 0);
    m_service->setText(m ? m->targetService : QString());
    m_strategy->setCurrentIndex(m ? m_strategy->findData(int(m->strategy)) : 0);
    m_wave->setValue(m ? m->wave : 1);
    // One endpoint is one resource's: shown and edited for a single selection only.
    m_endpoint->setText(m && m_ids.size() == 1 ? m->endpoint : QString());
    m_databases->setText(m && m_ids.size() == 1 ? m->databases.join(QStringLiteral(", "))
                                                : QString());
    m_also->setText(m ? m->alsoServices.join(QStringLiteral(", ")) : QString());
    const bool mapped = m != nullptr;
    m_service->setEnabled(mapped);
    m_also->setEnabled(mapped);
    m_strategy->setEnabled(mapped);
    m_wave->setEnabled(mapped);
    m_endpoint->setEnabled(mapped && m_ids.size() == 1);
    // Only where there are databases: a database, or a server mapped onto a database service.
    m_databases->setEnabled(mapped && m_ids.size() == 1 && r &&
                            (categoryOf(*r) == ResourceCategory::Database ||
                             isSelfManagedDatabase(*r, m->targetService)));
    m_updating = false;
}

void PropertiesPanel::commitPendingEdits()
{
    for (int field : {ServiceField, WaveField, EndpointField, DatabasesField, AlsoField})
        applyField(field);
}

void PropertiesPanel::applyAccount()
{
    if (m_updating || m_ids.isEmpty())
        return;
    const QString account = m_account->currentData().toString();
    QUndoCommand *cmd = account.isEmpty() ? ChangeMappings::unmap(m_doc, m_ids)
                                          : ChangeMappings::mapTo(m_doc, m_ids, account);
    if (cmd)
        m_doc->undoStack()->push(cmd);
}

void PropertiesPanel::applyField(int field)
{
    if (m_updating || m_ids.isEmpty())
        return;
    QStringList ids;
    QList<std::optional<Mapping>> after;
    if (field == DatabasesField && m_ids.size() != 1)
        return;
    if (field == EndpointField) {
        const QString endpoint = m_endpoint->text().trimmed();
        if (m_ids.size() != 1)
            return; // the field is one resource's: disabled for several
        if (!endpoint.isEmpty() && !isEndpoint(endpoint)) {
            emit problem(tr("Endpoint not changed: \"%1\" is not host or host:port").arg(endpoint));
            refresh();
            return;
        }
    }
    if (field == AlsoField) {
        for (const QString &type : serviceNames(m_also->text(), QString()))
            if (!TerraformExport::isTerraformType(type)) {
                emit problem(tr("Further targets not changed: \"%1\" is not a Terraform type name")
                                 .arg(type));
                refresh();
                return;
            }
    }
    for (const QString &id : std::as_const(m_ids)) {
        const Mapping *old = m_doc->plan().mapping(id);
        if (!old)
            continue;
        Mapping m = *old;
        if (field == ServiceField)
            m.targetService = m_service->text().trimmed();
        else if (field == StrategyField)
            m.strategy = Strategy(m_strategy->currentData().toInt());
        else if (field == EndpointField)
            m.endpoint = m_endpoint->text().trimmed();
        else if (field == DatabasesField)
            m.databases = databaseNames(m_databases->text());
        else if (field == AlsoField)
            m.alsoServices = serviceNames(m_also->text(), m.targetService);
        else
            m.wave = m_wave->value();
        if (m == *old)
            continue;
        ids.append(id);
        after.append(m);
    }
    if (ids.isEmpty())
        return;
    static const char *names[] = {"target service", "strategy",  "wave",
                                  "endpoint",       "databases", "further targets"};
    const QString what = QString::fromLatin1(names[field]);
    m_doc->undoStack()->push(new ChangeMappings(
        m_doc, ids, after,
        ids.size() == 1 ? tr("Set %1 of %2").arg(what, m_doc->plan().resource(ids[0])->name)
                        : tr("Set %1 of %2 resources").arg(what).arg(ids.size())));
}

} // namespace Ferry
