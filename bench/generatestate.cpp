// SPDX-License-Identifier: MIT
#include "generatestate.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include <QString>

namespace {

void dropletAttributes(QByteArray &s, int n)
{
    const QByteArray id = QByteArray::number(300000000 + n);
    const QByteArray ip = "10." + QByteArray::number((n >> 16) & 255) + '.' +
                          QByteArray::number((n >> 8) & 255) + '.' + QByteArray::number(n & 255);
    s += "\"attributes\":{\"backups\":false,\"created_at\":\"2023-08-18T07:02:01Z\",\"disk\":80,"
         "\"droplet_agent\":null,\"graceful_shutdown\":false,\"id\":\"" +
         id +
         "\",\"image\":\"ubuntu-22-04-x64\","
         "\"ipv4_address\":\"167." +
         ip.mid(3) + "\",\"ipv4_address_private\":\"" + ip +
         "\",\"ipv6\":true,"
         "\"ipv6_address\":\"2a03:b0c0:2:d0::14d2:f001\",\"locked\":false,\"memory\":4096,"
         "\"monitoring\":true,\"name\":\"web-" +
         QByteArray::number(n) +
         "\","
         "\"price_hourly\":0.03571,\"price_monthly\":24,\"private_networking\":true,\"region\":"
         "\"ams3\","
         "\"resize_disk\":true,\"size\":\"s-2vcpu-4gb\",\"ssh_keys\":[\"3b:16:bf:e4:8b:00:8b:b8:59:"
         "8c:a9:d3:f0:19:45:fa\",\"6d:c2:4a:99:f1:9c:3e:77:12:a0:11:53:6e:9a:82:10\",\"91:de:03:bb:"
         "41:5c:07:e2:c8:69:25:af:30:12:7f:c4\"],\"status\":\"active\","
         "\"tags\":[\"web\",\"env:production\",\"team:platform\",\"cost-center:4711\"],"
         "\"timeouts\":{\"create\":\"60m\",\"delete\":\"60m\",\"update\":\"60m\"},"
         "\"backup_policy\":[{\"hour\":8,\"plan\":\"weekly\",\"weekday\":\"SUN\"}],\"droplet_agent_"
         "status\":\"running\","
         "\"kernel\":null,\"features\":[\"backups\",\"monitoring\",\"private_networking\"],\"urn\":"
         "\"do:droplet:" +
         id +
         "\","
         "\"user_data\":\"f63d9b8214ad8dd58484c7ada85fb29666aec4aa\",\"vcpus\":2,\"volume_ids\":["
         "\"vol-" +
         id + "\",\"vol-" + id +
         "-logs\"],"
         "\"vpc_uuid\":\"f80fc976-9e5e-4911-aa42-4a6f9260b4cc\"},\"sensitive_attributes\":[],"
         "\"private\":"
         "\"eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjozNjAwMDAwMDAwMDAwLCJ"
         "kZWxldGUiOjYwMDAwMDAwMDAwLCJ1cGRhdGUiOjM2MDAwMDAwMDAwMDB9LCJzY2hlbWFfdmVyc2lvbiI6IjEifQ=="
         "\"";
}

void volumeAttributes(QByteArray &s, int n)
{
    const QByteArray id = QByteArray::number(300000000 + n - 1);
    s += "\"attributes\":{\"description\":\"data volume\",\"droplet_ids\":[" + id +
         "],\"filesystem_label\":null,"
         "\"filesystem_type\":\"ext4\",\"id\":\"vol-" +
         id +
         "\",\"initial_filesystem_label\":null,"
         "\"initial_filesystem_type\":\"ext4\",\"name\":\"data-" +
         QByteArray::number(n) +
         "\",\"region\":\"ams3\","
         "\"size\":100,\"snapshot_id\":null,\"tags\":[\"data\"],\"urn\":\"do:volume:vol-" +
         id +
         "\"},"
         "\"sensitive_attributes\":[],\"private\":\"bnVsbA==\"";
}

void databaseAttributes(QByteArray &s, int n)
{
    const QByteArray id = "db-" + QByteArray::number(n);
    s += "\"attributes\":{\"backup_restore\":[],\"cluster_urn\":\"do:dbaas:" + id +
         "\",\"database\":\"defaultdb\","
         "\"engine\":\"pg\",\"eviction_policy\":null,\"host\":\"" +
         id + ".db.ondigitalocean.com\",\"id\":\"" + id +
         "\","
         "\"maintenance_window\":[{\"day\":\"sunday\",\"hour\":\"02:00:00\"}],\"name\":\"" +
         id +
         "\",\"node_count\":2,"
         "\"password\":\"AVNS_notarealpassword000\",\"port\":25060,\"private_host\":\"private-" +
         id +
         ".db.ondigitalocean.com\","
         "\"private_network_uuid\":\"f80fc976-9e5e-4911-aa42-4a6f9260b4cc\",\"private_uri\":"
         "\"postgresql://doadmin:AVNS_notarealpassword000@private-" +
         id +
         ":25060/defaultdb?sslmode=require\","
         "\"project_id\":\"\",\"region\":\"ams3\",\"size\":\"db-s-2vcpu-4gb\",\"sql_mode\":null,"
         "\"storage_size_mib\":\"61440\","
         "\"tags\":[\"db\"],\"timeouts\":null,\"uri\":\"postgresql://"
         "doadmin:AVNS_notarealpassword000@" +
         id +
         ":25060/defaultdb?sslmode=require\","
         "\"urn\":\"do:dbaas:" +
         id +
         "\",\"user\":\"doadmin\",\"version\":\"15\"},\"sensitive_attributes\":[[{\"type\":\"get_"
         "attr\",\"value\":\"password\"}]],"
         "\"private\":\"bnVsbA==\"";
}

} // namespace

QByteArray generateTerraformState(int instances)
{
    // Blocks are made in module order, then sorted as Terraform writes them (statefile's
    // sortResourcesV4: by module, mode, type, name).
    struct Made
    {
        QByteArray module, type, name, text;
    };
    std::vector<Made> blocks;
    QByteArray s;
    constexpr int kPerBlock = 10; // count = 10 per resource block
    int made = 0;
    for (int block = 0; made < instances; ++block) {
        if (block % 10 == 0) {
            // One VPC per module of ten blocks; it counts towards the instances.
            const QByteArray m = QByteArray::number(block / 10);
            s += "{\"module\":\"module.app" + m +
                 "\",\"mode\":\"managed\",\"type\":\"digitalocean_vpc\",\"name\":\"main\","
                 "\"provider\":\"provider[\\\"registry.terraform.io/digitalocean/"
                 "digitalocean\\\"]\",\"instances\":[{\"schema_version\":0,"
                 "\"attributes\":{\"created_at\":\"2023-08-18T07:02:01Z\",\"default\":false,"
                 "\"description\":\"\","
                 "\"id\":\"vpc-" +
                 m + "\",\"ip_range\":\"10." + QByteArray::number((block / 10) % 250) +
                 ".0.0/16\","
                 "\"name\":\"app" +
                 m + "-vpc\",\"region\":\"ams3\",\"timeouts\":null,\"urn\":\"do:vpc:vpc-" + m +
                 "\"},"
                 "\"sensitive_attributes\":[],\"private\":\"bnVsbA==\"}]}";
            blocks.push_back({"module.app" + m, "digitalocean_vpc", "main", std::move(s)});
            s.clear();
            ++made;
        }
        const int kind = block % 10; // 6 droplet blocks, 3 volume blocks, 1 database block
        const char *type = kind < 6   ? "digitalocean_droplet"
                           : kind < 9 ? "digitalocean_volume"
                                      : "digitalocean_database_cluster";
        s += "{\"module\":\"module.app" + QByteArray::number(block / 10) +
             "\",\"mode\":\"managed\",\"type\":\"" + QByteArray(type) + "\",\"name\":\"r" +
             QByteArray::number(block) +
             "\",\"provider\":\"provider[\\\"registry.terraform.io/digitalocean/"
             "digitalocean\\\"]\",\"instances\":[";
        for (int i = 0; i < kPerBlock && made < instances; ++i, ++made) {
            if (i > 0)
                s += ',';
            s += "{\"index_key\":" + QByteArray::number(i) + ",\"schema_version\":1,";
            if (kind < 6)
                dropletAttributes(s, made);
            else if (kind < 9)
                volumeAttributes(s, made);
            else
                databaseAttributes(s, made);
            s += ",\"dependencies\":[\"module.app" + QByteArray::number(block / 10) +
                 ".digitalocean_vpc.main\"]}";
        }
        s += "]}";
        blocks.push_back({"module.app" + QByteArray::number(block / 10), type,
                          "r" + QByteArray::number(block), std::move(s)});
        s.clear();
    }
    std::stable_sort(blocks.begin(), blocks.end(), [](const Made &a, const Made &b) {
        return std::tie(a.module, a.type, a.name) < std::tie(b.module, b.type, b.name);
    });
    QByteArray out;
    out.reserve(qsizetype(instances) * 1300 + 1024);
    out += "{\n\"version\":4,\"terraform_version\":\"1.5.7\",\"serial\":812,\"lineage\":\"14fa3f70-"
           "0ac1-60d9-b142-eaafbdea95b6\",\"outputs\":{},\"resources\":[\n";
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (i > 0)
            out += ",\n";
        out += blocks[i].text;
    }
    out += "\n]\n}\n";
    return out;
}
