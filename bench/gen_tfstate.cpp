// SPDX-License-Identifier: MIT
// Writes the generated benchmark Terraform state to a file, for timed CLI runs:
//   build/bench/gen_tfstate 50000 /tmp/big.tfstate && /usr/bin/time -v build/gui/ferry import …
#include "generatestate.h"

#include <QFile>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_tfstate INSTANCES FILE\n");
        return 2;
    }
    QFile f(QString::fromLocal8Bit(argv[2]));
    const QByteArray s = generateTerraformState(atoi(argv[1]));
    if (!f.open(QIODevice::WriteOnly) || f.write(s) != s.size())
        return 1;
    printf("%s: %.1f MB\n", argv[2], s.size() / 1e6);
    return 0;
}
