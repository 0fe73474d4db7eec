"""The Slack edge: parse, acknowledge, enqueue, post. No brief logic lives here.

routes.py      the routing table: which command/event goes to which listener
app.py         build_app(settings, clients): the Bolt AsyncApp
command.py     parse `/brief` text into a BriefRequest
listeners.py   the ack-path listeners, one module per kind: commands.py, actions.py,
               events.py (fast: dedupe, enqueue, ack)
server.py      the ASGI app (Bolt + /healthz) run by uvicorn
"""
