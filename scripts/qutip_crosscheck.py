#!/usr/bin/env python3
"""Developer cross-check of qthermo's steady states against QuTiP (never a product dependency).

Reads the JSON written by scripts/qutip-crosscheck.ts, rebuilds every Liouvillian in QuTiP from the
same operators, solves QuTiP's `steadystate` (method "direct", default options: SuperLU with COLAMD,
diag_pivot_thresh 0.1, trace row added to row 0 with weight = mean |L_ij|) and reports
  - max |L_ours - L_qutip| (the two assemblies of the same master equation),
  - max |rho_ours - rho_qutip| and the residual of each solution in both Liouvillians,
  - kappa_1 * eps: the 1-norm condition number of QuTiP's constrained system (estimated with
    scipy's onenormest through its LU) times machine epsilon, i.e. the relative accuracy a
    backward-stable direct solve (QuTiP's, or ours) can promise,
  - populations and temperatures (paper cases), and QuTiP's wall time per solve (best of a few).

Collective terms (a != b) are built with spre/spost, NOT qutip.lindblad_dissipator(a, b), which in
QuTiP 4.7 uses a^dag b in the anticommutator (qutip issue #1719):
  rate * (spre(a) spost(b^dag) - 1/2 spre(b^dag a) - 1/2 spost(b^dag a)).

Usage: /usr/bin/python3 scripts/qutip_crosscheck.py out/qutip-crosscheck.json
           [--fixture test/fixtures/qutip-steady-states.json] [--repeat 10] [--markdown out/qutip-table.md]
(Debian's python3-qutip lives in /usr/bin/python3's dist-packages, not in a pyenv interpreter.)
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import qutip
from qutip import Qobj, spre, spost

HBAR = scipy.constants.hbar
KB = scipy.constants.k
EPS = np.finfo(float).eps


def csr_from_coo(m):
    data = np.asarray(m["re"], dtype=float) + 1j * np.asarray(m["im"], dtype=float)
    return sp.csr_matrix((data, (np.asarray(m["row"]), np.asarray(m["col"]))), shape=(m["rows"], m["cols"]))


def qobj(m, dims):
    return Qobj(csr_from_coo(m), dims=[list(dims), list(dims)])


def qutip_liouvillian(me):
    dims = me["dims"]
    h = qobj(me["hamiltonian"], dims)
    lv = -1j * (spre(h) - spost(h))
    for d in me["dissipators"]:
        rate = complex(d["rate"][0], d["rate"][1])
        if rate == 0:
            continue
        a = qobj(d["a"], dims)
        b = qobj(d["b"], dims)
        bda = b.dag() * a
        lv += rate * (spre(a) * spost(b.dag()) - 0.5 * spre(bda) - 0.5 * spost(bda))
    return lv


def vec(rho):
    """Column stacking (QuTiP's operator_to_vector and our vecIndex(i, j) = i + N j)."""
    return np.asarray(rho).reshape(-1, order="F")


def relative_residual(lmat, rho):
    x = vec(rho)
    return np.linalg.norm(lmat @ x) / (spla.norm(lmat) * np.linalg.norm(x))


def constrained_condition(lmat):
    """kappa_1 of QuTiP's constrained system A = L + weight * (trace row in row 0), via onenormest."""
    n = int(round(np.sqrt(lmat.shape[0])))
    weight = np.mean(np.abs(lmat.data))
    trace_row = sp.csc_matrix((weight * np.ones(n), (np.zeros(n, dtype=int), [k * (n + 1) for k in range(n)])), shape=lmat.shape)
    a = (lmat.tocsc() + trace_row).tocsc()
    lu = spla.splu(a, permc_spec="COLAMD", diag_pivot_thresh=0.1)
    inv = spla.LinearOperator(a.shape, matvec=lu.solve, rmatvec=lambda y: lu.solve(y, trans="H"), dtype=complex)
    inv_norm = spla.onenormest(inv)
    return spla.norm(a, 1) * inv_norm


def subsystem_populations(rho, dims):
    p = np.real(np.diag(rho)).reshape(dims)
    out = []
    for k in range(len(dims)):
        axes = tuple(j for j in range(len(dims)) if j != k)
        out.append(p.sum(axis=axes) if axes else p)
    return out


def temperature(omega, p_lower, p_upper):
    """theta [K] from p_upper / p_lower = exp(-hbar omega / (kB theta)); inf for equal populations."""
    if p_lower <= 0 or p_upper <= 0:
        return float("nan")
    log_ratio = np.log(p_lower / p_upper)
    return float("inf") if log_ratio == 0 else HBAR * omega / (KB * log_ratio)


def best_time(f, repeat):
    f()  # warm-up
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = f()
        best = min(best, time.perf_counter() - start)
    return result, best


def run_case(case, repeat):
    me = case["masterEquation"]
    dims = me["dims"]
    n = int(np.prod(dims))
    lq, build_s = best_time(lambda: qutip_liouvillian(me), 1 if n > 48 else repeat)
    lq_mat = lq.data.tocsr()
    lo_mat = csr_from_coo(me["liouvillian"]).tocsr()
    l_scale = np.max(np.abs(lq_mat.data))
    l_diff = np.max(np.abs((lq_mat - lo_mat).data)) if (lq_mat - lo_mat).nnz else 0.0

    rho_q_obj, solve_s = best_time(lambda: qutip.steadystate(lq, method="direct"), min(repeat, 3) if n > 48 else repeat)
    rho_q = rho_q_obj.full()
    ours = case["ours"]
    rho_o = (np.asarray(ours["rho"]["re"]) + 1j * np.asarray(ours["rho"]["im"])).reshape(n, n)

    kappa = constrained_condition(lq_mat)
    pops_q = subsystem_populations(rho_q, dims)
    pops_o = subsystem_populations(rho_o, dims)
    result = {
        "name": case["name"],
        "kind": case["kind"],
        "N": n,
        "D": n * n,
        "nnzL": int(lq_mat.nnz),
        "maxAbsL": float(l_scale),
        "maxAbsLDifference": float(l_diff),
        "maxAbsRhoDifference": float(np.max(np.abs(rho_o - rho_q))),
        "maxAbsPopulationDifference": float(max(np.max(np.abs(a - b)) for a, b in zip(pops_o, pops_q))),
        "qutipTraceError": float(abs(np.trace(rho_q) - 1)),
        "kappa1": float(kappa),
        "kappa1TimesEps": float(kappa * EPS),
        "residual": {
            "oursInOurL": float(relative_residual(lo_mat, rho_o)),
            "oursInQutipL": float(relative_residual(lq_mat, rho_o)),
            "qutipInOurL": float(relative_residual(lo_mat, rho_q)),
            "qutipInQutipL": float(relative_residual(lq_mat, rho_q)),
        },
        "minEigenvalueQutip": float(np.min(np.linalg.eigvalsh(0.5 * (rho_q + rho_q.conj().T)))),
        "qutipSolveMs": solve_s * 1e3,
        "qutipBuildMs": build_s * 1e3,
        "oursMs": ours["bestMs"],
        "oursArithmetic": ours["arithmetic"],
        "names": me["names"],
        "populationsQutip": [list(map(float, p)) for p in pops_q],
        "populationsOurs": [list(map(float, p)) for p in pops_o],
    }
    if case["kind"] == "paper":
        result["preset"] = case["preset"]
        result["temperatures"] = [
            {
                "id": t["id"],
                "thetaQutip": temperature(t["omega"], pops_q[t["subsystem"]][t["lower"]], pops_q[t["subsystem"]][t["upper"]]),
                "thetaOurs": temperature(t["omega"], pops_o[t["subsystem"]][t["lower"]], pops_o[t["subsystem"]][t["upper"]]),
            }
            for t in case["transitions"]
        ]
    return result


def fmt(x):
    return f"{x:.1e}"


def markdown(results):
    lines = [
        "| case | N | D = N^2 | max abs L diff / max abs L | max abs rho diff | kappa_1 eps | rel. residual ours (our L / QuTiP L) | rel. residual QuTiP (our L / QuTiP L) | QuTiP trace err | ours ms | QuTiP solve ms | QuTiP build L ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        res = r["residual"]
        lines.append(
            f"| {r['name']} | {r['N']} | {r['D']} | {fmt(r['maxAbsLDifference'] / r['maxAbsL'])} | {fmt(r['maxAbsRhoDifference'])} | {fmt(r['kappa1TimesEps'])} | "
            f"{fmt(res['oursInOurL'])} / {fmt(res['oursInQutipL'])} | {fmt(res['qutipInOurL'])} / {fmt(res['qutipInQutipL'])} | {fmt(r['qutipTraceError'])} | "
            f"{r['oursMs']:.1f} | {r['qutipSolveMs']:.1f} | {r['qutipBuildMs']:.1f} |"
        )
    lines.append("")
    for r in results:
        if r["kind"] != "paper":
            continue
        lines.append(f"{r['name']}: " + ", ".join(f"theta_{t['id']} = {t['thetaOurs']:.2f} K (ours) / {t['thetaQutip']:.2f} K (QuTiP)" for t in r["temperatures"]))
    return "\n".join(lines)


def fixture(results):
    cases = []
    for r in results:
        if r["kind"] != "paper":
            continue
        cases.append({
            "preset": r["preset"],
            "phi": 2.5,
            "names": r["names"],
            "populations": dict(zip(r["names"], r["populationsQutip"])),
            "kappa1TimesEps": r["kappa1TimesEps"],
            "qutipRelativeResidual": r["residual"]["qutipInQutipL"],
            "qutipTraceError": r["qutipTraceError"],
        })
    return {
        "description": "QuTiP steady states of the paper system (sapphire-ordinary 50 nm film, TS = 900 K, TW = 300 K, phi = 2.5 rad): "
        "level populations of every subsystem, from scripts/qutip_crosscheck.py (QuTiP steadystate, method direct, default options). "
        "kappa1TimesEps: 1-norm condition number of QuTiP's constrained system times machine epsilon.",
        "qutipVersion": qutip.__version__,
        "scipyVersion": scipy.__version__,
        "numpyVersion": np.__version__,
        "python": platform.python_version(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cases": cases,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--fixture")
    parser.add_argument("--markdown")
    parser.add_argument("--json")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with open(args.input) as f:
        data = json.load(f)
    print(f"QuTiP {qutip.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs; ours: Node {data['node']} ({data['created']})", file=sys.stderr)
    results = []
    for case in data["cases"]:
        r = run_case(case, args.repeat)
        print(f"{r['name']}: max|drho| = {r['maxAbsRhoDifference']:.2e}, kappa1*eps = {r['kappa1TimesEps']:.2e}, "
              f"QuTiP {r['qutipSolveMs']:.1f} ms, ours {r['oursMs']:.1f} ms", file=sys.stderr)
        results.append(r)
    table = markdown(results)
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if args.fixture:
        with open(args.fixture, "w") as f:
            json.dump(fixture(results), f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
