// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform state reader: the driver of one import (tfstateimport.cpp).

#include "tfstateimporter.h"

class QByteArray;
class QIODevice;

namespace Ferry::TfState {

/// Reads one state from `js` into `out` (TfStateImporter::readStream()): a v4 state streamed
/// block by block on worker threads, a v3 state read again from its start through `device` or
/// `data`. False with a located error on malformed input or a cancel.
bool readState(JsonStream &js, QIODevice *device, const QByteArray *data, const QString &fileName,
               Inventory *out, ImportReport *report, FileError *error, ImportProgress *progress,
               const TfStateImporter::Tuning &tuning);

} // namespace Ferry::TfState
