/**
 * The WebSocket API an app compiles against when its listener speaks WebSocket: implement
 * {@link drover.worker.api.websocket.WebSocketApp}, get each message as a
 * {@link drover.worker.api.websocket.Frame}, and push to any established connection through
 * {@link drover.worker.api.websocket.WebSocketServer}. Modelled on Swoole's WebSocket\Server. See
 * docs/WEBSOCKET.md.
 */
package drover.worker.api.websocket;
