/* newsift — the whole public API. */
#ifndef NEWSIFT_NEWSIFT_H
#define NEWSIFT_NEWSIFT_H

#include "common.h"
#include "options.h"
#include "context.h"
#include "docs.h"
#include "ingest.h"
#include "boiler.h"
#include "read.h"
#include "formats.h"
#include "clean.h"
#include "html.h"
#include "scrub.h"
#include "tokenize.h"
#include "lang.h"
#include "sketch.h"
#include "shingle.h"
#include "lsh.h"
#include "cluster.h"
#include "align.h"
#include "dedup.h"
#include "stories.h"
#include "sentence.h"
#include "summarize.h"
#include "eval.h"
#include "rouge.h"
#include "write.h"
#include "state.h"
#include "storyhist.h"
#include "pipeline.h"

#endif
