// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>

namespace Ferry {

/// How many threads the runbook's generation and schedule use: the environment variable
/// FERRY_THREADS when it is a number from 1 to 64, else as many as the machine has cores
/// (QThread::idealThreadCount()).
int parallelThreads();

/// Runs `task(0)` … `task(count - 1)` on parallelThreads() threads at once (here, with one
/// thread or for one task), and returns when all are done. The tasks must not touch each other's
/// data. For the runbook of a large plan: its waves are generated, and its windows scheduled,
/// independently.
void runInParallel(size_t count, const std::function<void(size_t)> &task);

} // namespace Ferry
