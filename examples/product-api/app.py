"""A small product API in the style of the course's Flask exercise, kept in SQLite under DATA_DIR."""
import os
import sqlite3

from flask import Flask, abort, g, jsonify, request

app = Flask(__name__)
DATA_DIR = os.environ.get("DATA_DIR", "/data")
SEED = [("Laptop", 999.99), ("Mouse", 19.99), ("Keyboard", 49.99)]


def db():
    if "db" not in g:
        os.makedirs(DATA_DIR, exist_ok=True)
        g.db = sqlite3.connect(os.path.join(DATA_DIR, "products.db"))
        g.db.row_factory = sqlite3.Row
        g.db.execute("CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL)")
        if g.db.execute("SELECT COUNT(*) FROM products").fetchone()[0] == 0:
            g.db.executemany("INSERT INTO products (name, price) VALUES (?, ?)", SEED)
            g.db.commit()
    return g.db


@app.teardown_appcontext
def close_db(_):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


@app.get("/health")
def health():
    return jsonify(status="ok", host=os.uname().nodename)


@app.get("/products")
def list_products():
    return jsonify([dict(r) for r in db().execute("SELECT id, name, price FROM products ORDER BY id")])


@app.get("/products/<int:product_id>")
def get_product(product_id):
    row = db().execute("SELECT id, name, price FROM products WHERE id = ?", (product_id,)).fetchone()
    if row is None:
        abort(404)
    return jsonify(dict(row))


@app.post("/products")
def create_product():
    body = request.get_json(silent=True) or {}
    if not isinstance(body.get("name"), str) or not isinstance(body.get("price"), (int, float)):
        return jsonify(error="name (string) and price (number) are required"), 400
    cur = db().execute("INSERT INTO products (name, price) VALUES (?, ?)", (body["name"], body["price"]))
    db().commit()
    return jsonify(id=cur.lastrowid, name=body["name"], price=body["price"]), 201


@app.delete("/products/<int:product_id>")
def delete_product(product_id):
    if db().execute("DELETE FROM products WHERE id = ?", (product_id,)).rowcount == 0:
        abort(404)
    db().commit()
    return "", 204


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
