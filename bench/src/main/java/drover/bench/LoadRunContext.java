package drover.bench;

/** What every connection and thread of one run shares. */
record LoadRunContext(LoadPlan plan, RequestTemplate template, LoadErrors errors, BadReplyLog badReplyLog,
                      SendSwitch sendSwitch) {
}
