"""deploy/static_files.py: the static files nginx serves, each beside its compressed forms."""

import gzip

import brotli
import pytest

from deploy.static_files import copy_compressed


@pytest.mark.unit
def test_the_static_copy_holds_each_text_file_beside_its_smaller_compressed_forms(tmp_path):
    source, copy = tmp_path / "source", tmp_path / "copy"
    (source / "js").mkdir(parents=True)
    script = b"function chart() { return 'a timeline of systemic changes'; }\n" * 200
    (source / "js" / "index.0123abcd.js").write_bytes(script)
    (source / "font.woff2").write_bytes(b"wOF2 already compressed")
    assert copy_compressed(source, copy) == 2
    assert (copy / "js" / "index.0123abcd.js").read_bytes() == script
    assert brotli.decompress((copy / "js" / "index.0123abcd.js.br").read_bytes()) == script
    assert gzip.decompress((copy / "js" / "index.0123abcd.js.gz").read_bytes()) == script
    assert sorted(p.name for p in copy.iterdir()) == ["font.woff2", "js"]  # a font as it is
    assert copy_compressed(source, copy) == 0  # nothing changed, nothing written again
