/**
 * HTTP/1.1 pieces shared by the reactor (which parses requests) and the worker (which answers them):
 * the binary encoding of a parsed request inside one DATA frame, the response encoder, the canned
 * error responses and the status table. No I/O here: pure functions over bytes.
 */
package drover.common.http;
