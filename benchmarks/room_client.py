"""A Streamlit client that speaks the browser's WebSocket protocol (BackMsg / ForwardMsg).

One `Session` is one browser tab: it connects to ``ws://127.0.0.1:PORT/_stcore/stream``, sends
the initial ``rerun_script`` with the query string and page (as the frontend does), keeps the
element tree from the deltas (delta paths, fragment ids, the run each node came from, stale
nodes dropped when a run finishes, as the frontend's ``clearStaleNodes`` does), keeps the widget
states it holds, follows navigation and query-string changes, answers auto-rerun fragments, and
sends reruns with every widget state it holds plus the fragment id of the widget it changed.

Everything is timed with ``time.monotonic()``. Waiting is event-driven (no busy loops) and every
wait is bounded in time. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

HOST = "127.0.0.1"
SAVED_WORD = "Saved"
NOT_SAVED_WORD = "Not saved"
MAX_AUTO_RERUNS = 10_000  # per fragment timer: bounded even if a session is forgotten


def clock() -> float:
    """The one clock of the harness (seconds, monotonic)."""
    return time.monotonic()


def user_key(widget_id: str) -> str:
    """The user key at the end of a generated widget id ('$$ID-<hash>-<key>'), or the id."""
    parts = widget_id.split("-", 2)
    return parts[2] if widget_id.startswith("$$ID-") and len(parts) == 3 else widget_id


@dataclass
class Node:
    """One node of the element tree: an element or a block, with the run that last set it."""

    kind: str  # "element" or "block"
    proto: Any  # Element or Block
    run_id: str
    fragment_id: str
    received: float
    children: dict[int, Node] = field(default_factory=dict)

    @property
    def type(self) -> str:
        """The element's type ('radio', 'markdown', ...) or the block's ('vertical', ...)."""
        if self.proto is None:
            return ""
        return str(self.proto.WhichOneof("type") or "")

    def widget_id(self) -> str:
        """The widget id of an element that is a widget, else ''."""
        if self.kind != "element":
            return ""
        inner = getattr(self.proto, self.type, None)
        return str(getattr(inner, "id", "") or "") if inner is not None else ""

    def text(self) -> str:
        """What a text-like element shows (markdown, caption, alert, heading, text)."""
        if self.kind != "element":
            return ""
        t = self.type
        inner = getattr(self.proto, t)
        if t in ("markdown", "alert", "text", "code"):
            return str(getattr(inner, "body", "") or getattr(inner, "code_text", ""))
        if t == "heading":
            return str(inner.body)
        if t == "progress":
            return str(inner.text)
        return ""


def _prune(node: Node, run_id: str, fragments: list[str], in_fragment: str | None) -> bool:
    """Keep `node`? (the frontend's stale-node visitor, without transient and retained nodes)."""
    if node.kind == "element":
        if node.type == "toast":
            return True
        if fragments and (not node.fragment_id or not in_fragment or node.run_id == run_id):
            return True
        return node.run_id == run_id
    inner = in_fragment
    if fragments:
        if in_fragment and node.run_id != run_id:
            return False
        if node.fragment_id in fragments and node.run_id == run_id:
            inner = node.fragment_id
    elif node.run_id != run_id:
        return False
    node.children = {i: c for i, c in node.children.items() if _prune(c, run_id, fragments, inner)}
    return True


@dataclass
class Stats:
    """Counters of one session."""

    messages: int = 0
    deltas: int = 0
    runs_finished: int = 0
    reruns_sent: int = 0
    auto_reruns: int = 0
    interrupted: int = 0  # runs that finished early because a newer rerun came in
    exceptions: list[str] = field(default_factory=list)


class Session:
    """One browser tab talking to a served Streamlit app."""

    def __init__(self, port: int, *, auto_rerun: bool = True, cookie: str = "") -> None:
        self.port = port
        self.auto_rerun = auto_rerun
        self.cookie = cookie  # the Cookie header a browser would send (a proxy's stickiness)
        self.root = Node("block", None, "", "", 0.0)
        self.widgets: dict[str, WidgetState] = {}  # widget id -> state the tab holds
        self.paths: dict[str, tuple[int, ...]] = {}  # widget id -> path of its element
        self.query_string = ""
        self.page_script_hash = ""
        self.page_name = ""
        self.main_script_hash = ""
        self.pages: dict[str, str] = {}  # url path name -> page script hash
        self.run_id = ""
        self.runs_seen: set[str] = set()
        self.running = False
        self.last_finish: tuple[str, str, float] = ("", "", 0.0)  # status, run id, time
        self.stats = Stats()
        self.listeners: list[Callable[[Session, ForwardMsg], None]] = []
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._changed = asyncio.Condition()
        self._by_key: dict[str, str] = {}
        self._closed = False

    # ------------------------------------------------------------------ connection

    async def connect(self, query: dict[str, str] | None = None, page: str = "") -> float:
        """Open the WebSocket and send the first rerun (query string and page as in the URL).

        Returns the monotonic time the rerun was sent.
        """
        self.query_string = urlencode(query or {})
        self.page_name = page
        self._ws = await asyncio.wait_for(
            websockets.connect(
                f"ws://{HOST}:{self.port}/_stcore/stream",
                subprotocols=["streamlit"],  # type: ignore[list-item]
                additional_headers={"Cookie": self.cookie} if self.cookie else None,
                max_size=64 * 1024 * 1024,
                open_timeout=20,
            ),
            timeout=30,
        )
        self._reader = asyncio.create_task(self._read())
        return await self.rerun(widgets=False)

    async def close(self) -> None:
        """Stop timers and close the socket."""
        self._closed = True
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), timeout=5)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    # ------------------------------------------------------------------ sending

    def widget_states(self, extra: WidgetState | None = None) -> WidgetStates:
        """Every widget state this tab holds (plus a one-shot trigger, for buttons)."""
        states = WidgetStates()
        for wid, state in self.widgets.items():
            if extra is not None and wid == extra.id:
                continue
            states.widgets.append(state)
        if extra is not None:
            states.widgets.append(extra)
        return states

    async def rerun(
        self,
        *,
        fragment_id: str = "",
        extra: WidgetState | None = None,
        widgets: bool = True,
        auto: bool = False,
    ) -> float:
        """Send a rerun_script BackMsg as the frontend does; return when it was sent."""
        cs = ClientState(
            query_string=self.query_string,
            page_script_hash=self.page_script_hash,
            page_name="" if self.page_script_hash else self.page_name,
            fragment_id=fragment_id,
            is_auto_rerun=auto,
        )
        if widgets:
            cs.widget_states.CopyFrom(self.widget_states(extra))
        cs.context_info.timezone = "UTC"
        cs.context_info.timezone_offset = 0
        cs.context_info.locale = "en-GB"
        cs.context_info.url = f"http://{HOST}:{self.port}/{self.page_name}" + (
            f"?{self.query_string}" if self.query_string else ""
        )
        cs.context_info.is_embedded = False
        cs.context_info.color_scheme = "light"
        msg = BackMsg()
        msg.rerun_script.CopyFrom(cs)
        sent = clock()
        await self._ws.send(msg.SerializeToString())
        self.stats.reruns_sent += 1
        if auto:
            self.stats.auto_reruns += 1
        return sent

    # ------------------------------------------------------------------ receiving

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                if isinstance(raw, str):
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
                for listener in self.listeners:
                    listener(self, msg)
                async with self._changed:
                    self._changed.notify_all()
        except (websockets.ConnectionClosed, OSError) as exc:
            if not self._closed:
                self.stats.exceptions.append(f"connection closed: {exc}")
        finally:
            self._closed = True
            async with self._changed:
                self._changed.notify_all()

    def _handle(self, msg: ForwardMsg) -> None:
        self.stats.messages += 1
        kind = msg.WhichOneof("type")
        run = msg.metadata.run.script_run_id if msg.metadata.HasField("run") else ""
        if run:
            self.runs_seen.add(run)
        if kind == "new_session":
            self.main_script_hash = msg.new_session.main_script_hash
            if msg.new_session.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
            self.run_id = run or self.run_id
            self.running = True
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
            for page in msg.navigation.app_pages:
                self.pages[page.url_pathname] = page.page_script_hash
                if page.page_script_hash == self.page_script_hash:
                    self.page_name = page.url_pathname
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "session_status_changed":
            self.running = msg.session_status_changed.script_is_running
        elif kind == "delta":
            self.stats.deltas += 1
            self._apply(msg, run or self.run_id)
        elif kind == "script_finished":
            self._finished(msg, run)
        elif kind == "auto_rerun" and self.auto_rerun:
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                task = self._timers.pop(fid, None)
                if task is not None:
                    task.cancel()

    def _apply(self, msg: ForwardMsg, run: str) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        if not path:
            return
        parent = self.root
        for i in path[:-1]:
            child = parent.children.get(i)
            if child is None:  # the frontend would fail here too; keep going
                child = Node("block", None, run, delta.fragment_id, clock())
                parent.children[i] = child
            parent = child
        kind = delta.WhichOneof("type")
        old = parent.children.get(path[-1])
        now = clock()
        if kind == "add_block":
            keep = old.children if old is not None and old.kind == "block" else {}
            parent.children[path[-1]] = Node(
                "block", delta.add_block, run, delta.fragment_id, now, keep
            )
        elif kind == "new_element":
            node = Node("element", delta.new_element, run, delta.fragment_id, now)
            parent.children[path[-1]] = node
            if node.type == "exception":
                self.stats.exceptions.append(node.proto.exception.message)
            wid = node.widget_id()
            if wid:
                self.paths[wid] = path
                self._widget_value(node, wid)

    def _widget_value(self, node: Node, wid: str) -> None:
        """The value the tab holds for a widget that (re)appears, as the frontend keeps it."""
        t = node.type
        inner = getattr(node.proto, t)
        if t == "radio":
            given = inner.raw_value if inner.HasField("raw_value") else None
            default = inner.options[inner.default] if inner.HasField("default") else None
        elif t in ("text_input", "text_area"):
            given = inner.value if inner.HasField("value") else None
            default = inner.default if inner.HasField("default") else None
        else:
            return
        # The server set the value, or the widget is new to this tab: take it; else keep ours.
        if inner.set_value or wid not in self.widgets:
            state = WidgetState(id=wid)
            value = given if inner.set_value else default
            if value is not None:
                state.string_value = value
            self.widgets[wid] = state

    def _finished(self, msg: ForwardMsg, run: str) -> None:
        status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
        self.last_finish = (status, run, clock())
        self.stats.runs_finished += 1
        if status == "FINISHED_EARLY_FOR_RERUN":
            self.stats.interrupted += 1
        fragments = list(msg.metadata.run.fragment_ids) if msg.metadata.HasField("run") else []
        if status in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY") and run:
            if not fragments and self.run_id != run:
                self.run_id = run
            _prune(self.root, run, fragments, None)
            self._drop_inactive_widgets()
        if not fragments:
            self.running = False

    def _drop_inactive_widgets(self) -> None:
        active: dict[str, tuple[int, ...]] = {}
        for path, node in self.walk():
            wid = node.widget_id()
            if wid:
                active[wid] = path
        self.paths = active
        self.widgets = {w: s for w, s in self.widgets.items() if w in active}

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        if not fragment_id or interval <= 0:
            return
        old = self._timers.pop(fragment_id, None)
        if old is not None:
            old.cancel()

        async def tick() -> None:
            for _ in range(MAX_AUTO_RERUNS):
                await asyncio.sleep(interval)
                if self._closed:
                    return
                await self.rerun(fragment_id=fragment_id, auto=True)

        self._timers[fragment_id] = asyncio.create_task(tick())

    # ------------------------------------------------------------------ waiting

    async def wait_for(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Wait (event-driven) until predicate() is truthy; its value, or None on timeout."""
        deadline = clock() + timeout
        async with self._changed:
            while True:
                value = predicate()
                if value or self._closed:
                    return value
                left = deadline - clock()
                if left <= 0:
                    return None
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout=left)

    async def wait_finished(self, after: float, timeout: float) -> bool:
        """Wait for a full (not fragment) run that finished after `after` (monotonic)."""

        def done() -> bool:
            status, _run, at = self.last_finish
            return at > after and status == "FINISHED_SUCCESSFULLY" and not self.running

        return bool(await self.wait_for(done, timeout))

    async def wait_quiet(self, quiet: float, timeout: float) -> bool:
        """Wait until no message but auto-rerun traffic arrived for `quiet` seconds."""
        deadline = clock() + timeout
        for _ in range(10_000):
            before = self.stats.deltas
            await asyncio.sleep(quiet)
            if self.stats.deltas == before or clock() > deadline:
                return self.stats.deltas == before
        return False

    # ------------------------------------------------------------------ the tree

    def walk(self) -> Iterator[tuple[tuple[int, ...], Node]]:
        """Every node with its path, depth first in order."""
        stack: list[tuple[tuple[int, ...], Node]] = [((), self.root)]
        for _ in range(1_000_000):
            if not stack:
                return
            path, node = stack.pop()
            if path:
                yield path, node
            for i in sorted(node.children, reverse=True):
                stack.append(((*path, i), node.children[i]))

    def node(self, path: tuple[int, ...]) -> Node | None:
        """The node at a delta path, if any."""
        node: Node | None = self.root
        for i in path:
            node = node.children.get(i) if node is not None else None
        return node

    def widget(self, key: str) -> tuple[str, Node] | None:
        """The widget whose user key is `key` (its id ends with '-<key>'): (id, node)."""
        wid = self._by_key.get(key)
        if wid is None or wid not in self.paths:
            wid = next((w for w in self.paths if user_key(w) == key), None)
            if wid is None:
                return None
            self._by_key[key] = wid
        node = self.node(self.paths[wid])
        return (wid, node) if node is not None and node.widget_id() == wid else None

    def widgets_with_prefix(self, prefix: str) -> dict[str, str]:
        """User key -> widget id, for the widgets whose user key starts with `prefix`."""
        return {u: w for w in self.paths if (u := user_key(w)).startswith(prefix)}

    def texts(self) -> list[str]:
        """Every text shown, in order."""
        return [t for _, n in self.walk() if (t := n.text())]

    def value(self, key: str) -> str | None:
        """The value this tab shows for a widget (a radio's option label), or None."""
        found = self.widget(key)
        if found is None:
            return None
        state = self.widgets.get(found[0])
        if state is None or state.WhichOneof("value") is None:
            return None
        return str(getattr(state, str(state.WhichOneof("value"))))

    def status_after(self, key: str) -> tuple[str, Node] | None:
        """The element right after a widget in its block (its text, the node)."""
        found = self.widget(key)
        if found is None:
            return None
        path = self.paths[found[0]]
        nxt = self.node((*path[:-1], path[-1] + 1))
        if nxt is None:
            return None
        return nxt.text(), nxt

    def shown_saved(self, key: str) -> tuple[str | None, bool, str]:
        """(value shown, status says Saved, run id of the status) for an answer radio."""
        shown = self.value(key)
        status = self.status_after(key)
        if status is None:
            return shown, False, ""
        text, node = status
        ok = SAVED_WORD in text and NOT_SAVED_WORD not in text
        return shown, ok, node.run_id

    # ------------------------------------------------------------------ acting

    async def choose(self, key: str, label: str) -> float:
        """Pick a radio option by its label; rerun (only its fragment, if in one)."""
        found = self.widget(key)
        if found is None:
            raise LookupError(f"no radio with key {key}")
        wid, node = found
        if label not in list(node.proto.radio.options):
            raise ValueError(f"{label!r} is not an option of {key}")
        state = WidgetState(id=wid, string_value=label)
        self.widgets[wid] = state
        return await self.rerun(fragment_id=node.fragment_id)

    def options(self, key: str) -> list[str]:
        """A radio's option labels."""
        found = self.widget(key)
        return list(found[1].proto.radio.options) if found else []

    def type_text(self, key: str, text: str) -> None:
        """Type into a text input (held; sent with the next rerun, like a blur without rerun)."""
        found = self.widget(key)
        if found is None:
            raise LookupError(f"no text input with key {key}")
        self.widgets[found[0]] = WidgetState(id=found[0], string_value=text)

    async def click(self, key: str) -> float:
        """Click a button: a one-shot trigger with every other widget state."""
        found = self.widget(key)
        if found is None:
            raise LookupError(f"no button with key {key}")
        wid, node = found
        return await self.rerun(
            fragment_id=node.fragment_id, extra=WidgetState(id=wid, trigger_value=True)
        )
