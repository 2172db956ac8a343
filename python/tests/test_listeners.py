"""gem5's listener mode for scripts: terminals listen for connections when the
script runs interactively (standard input a terminal), never after
``m5.disableAllListeners()``; checked on the real extension's switch."""

import io
import unittest
from unittest import mock

from sim import _runtime, m5


class _Tty(io.StringIO):
    def isatty(self):
        return True


class ListenerModeTest(unittest.TestCase):
    def setUp(self):
        m5._reset_for_tests()
        self.native = _runtime.native()

    def tearDown(self):
        m5._reset_for_tests()
        self.native.set_listeners_enabled(False)

    def test_interactive_scripts_listen(self):
        with mock.patch("sys.stdin", _Tty()):
            m5._configure_listeners()
        self.assertTrue(self.native.listeners_enabled())

    def test_scripts_without_a_terminal_do_not_listen(self):
        self.native.set_listeners_enabled(True)
        with mock.patch("sys.stdin", io.StringIO()):
            m5._configure_listeners()
        self.assertFalse(self.native.listeners_enabled())

    def test_disable_all_listeners_wins_over_a_terminal(self):
        self.native.set_listeners_enabled(True)
        m5.disableAllListeners()
        self.assertFalse(self.native.listeners_enabled())
        with mock.patch("sys.stdin", _Tty()):
            m5._configure_listeners()
        self.assertFalse(self.native.listeners_enabled())


if __name__ == "__main__":
    unittest.main()
