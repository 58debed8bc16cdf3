/* newsift — the whole public API. */
#ifndef NEWSIFT_NEWSIFT_H
#define NEWSIFT_NEWSIFT_H

#include "common.h"
#include "options.h"
#include "read.h"
#include "clean.h"
#include "tokenize.h"
#include "lang.h"
#include "sketch.h"
#include "lsh.h"
#include "cluster.h"
#include "stories.h"
#include "sentence.h"
#include "summarize.h"
#include "eval.h"
#include "rouge.h"
#include "pipeline.h"

#endif
