// SPDX-License-Identifier: MIT
#include "parallel.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace Ferry {

int parallelThreads()
{
    bool ok = false;
    const int configured = qEnvironmentVariableIntValue("FERRY_THREADS", &ok);
    if (ok && configured >= 1 && configured <= 64)
        return configured;
    return std::max(1, QThread::idealThreadCount());
}

void runInParallel(size_t count, const std::function<void(size_t)> &task)
{
    const int threads = parallelThreads();
    if (threads < 2 || count < 2) {
        for (size_t i = 0; i < count; ++i)
            task(i);
        return;
    }
    // A pool of its own: the global one may be busy with checks, and these tasks are waited for.
    QThreadPool pool;
    pool.setMaxThreadCount(int(std::min<size_t>(size_t(threads), count)));
    for (size_t i = 0; i < count; ++i)
        pool.start([&task, i] { task(i); });
    pool.waitForDone();
}

} // namespace Ferry
