import subprocess
import sys

from desktop_app.sync.process_lock import ProcessLock


def test_second_holder_is_refused_until_release(tmp_path):
    path = tmp_path / ".sync-WEB.lock"
    first, second = ProcessLock(path), ProcessLock(path)
    assert first.try_acquire()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()
    second.release()


def test_another_process_sees_the_lock_and_a_dead_holder_frees_it(tmp_path):
    path = tmp_path / ".sync-WEB.lock"
    probe = (
        "import sys; from desktop_app.sync.process_lock import ProcessLock; "
        f"sys.exit(0 if ProcessLock(__import__('pathlib').Path({str(path)!r})).try_acquire() "
        "else 3)"
    )
    mine = ProcessLock(path)
    assert mine.try_acquire()
    assert subprocess.run([sys.executable, "-c", probe]).returncode == 3
    mine.release()
    assert subprocess.run([sys.executable, "-c", probe]).returncode == 0
